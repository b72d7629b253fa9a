/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_key.c - lockscope key init [--force] | key show | key trust
 * add|list|remove [PUBKEY]: the technician's Ed25519 signing key for
 * reports, and the keys trusted besides it (src/visit/key.h).
 *
 * Only the public key and its fingerprint are ever printed.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/hex.h"
#include "visit/key.h"

static void
key_cmd_print(const char *path, const uint8_t *pk)
{
	char	hx[2 * KEY_PUBLIC_BYTES + 1], fpr[KEY_FPR_LEN], pub[4096];

	key_fingerprint(pk, fpr);
	if (key_pub_path(path, pub, sizeof pub, NULL) != LS_OK)
		pub[0] = '\0';
	printf("key file:    %s\npublic file: %s\npublic key:  %s\n"
	    "fingerprint: %s\n", path, pub,
	    hex_encode(pk, KEY_PUBLIC_BYTES, hx), fpr);
}

static void
key_cmd_list_one(const uint8_t pk[KEY_PUBLIC_BYTES], void *arg)
{
	char	hx[2 * KEY_PUBLIC_BYTES + 1], fpr[KEY_FPR_LEN];

	(*(size_t *)arg)++;
	key_fingerprint(pk, fpr);
	printf("%s %s  %s\n", KEY_PUB_TAG, hex_encode(pk, KEY_PUBLIC_BYTES,
	    hx), fpr);
}

/* key trust add|list|remove [PUBKEY]: the trust list (key.h). */
static int
key_cmd_trust(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	uint8_t			 pk[KEY_PUBLIC_BYTES];
	char			 path[4096], fpr[KEY_FPR_LEN];
	const char		*op = cmd_args_string(args, 1);
	const char		*arg = cmd_args_string(args, 2);
	size_t			 n = 0;
	bool			 added;

	ls_err_clear(&eb);
	if (op == NULL)
		return cmd_usage(ce, "trust: no operation (add, list or "
		    "remove)");
	if (strcmp(op, "list") != 0 && strcmp(op, "add") != 0 &&
	    strcmp(op, "remove") != 0)
		return cmd_usage(ce, "trust: unknown operation '%s' (add, "
		    "list or remove)", op);
	if (strcmp(op, "list") == 0 && cmd_args_count(args) > 2)
		return cmd_usage(ce, "trust list: unexpected argument '%s'",
		    cmd_args_string(args, 2));
	if (strcmp(op, "list") != 0 && cmd_args_count(args) != 3)
		return cmd_usage(ce, "trust %s: one PUBKEY (64 hex digits or "
		    "a .pub file)", op);
	if (cmd_args_has(args, 'f'))
		return cmd_usage(ce, "--force goes with init");
	if (key_trust_path(path, sizeof path, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	if (strcmp(op, "list") == 0) {
		if (key_trust_each(path, key_cmd_list_one, &n, &eb) != LS_OK)
			return cmd_fail(ce, &eb);
		if (n == 0)
			fprintf(stderr, "lockscope key: no trusted keys in "
			    "%s\n", path);
		return 0;
	}
	if (key_parse_public(arg, pk, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	key_fingerprint(pk, fpr);
	if (strcmp(op, "add") == 0) {
		if (key_trust_add(path, pk, &added, &eb) != LS_OK)
			return cmd_fail(ce, &eb);
		printf("%s %s\n", fpr, added ? "trusted" : "was already "
		    "trusted");
		return 0;
	}
	if (key_trust_remove(path, pk, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	printf("%s no longer trusted\n", fpr);
	return 0;
}

static const struct cmd_opt key_opts[] = {
	{ 'f', "force", CMD_ARG_NONE, 0,
	    .help = "init: replace an existing key" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
key_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	uint8_t			 pk[KEY_PUBLIC_BYTES];
	struct key		*k;
	char			 path[4096];
	const char		*sub = cmd_args_string(args, 0);
	bool			 force = cmd_args_has(args, 'f');
	bool			 repaired;

	ls_err_clear(&eb);
	if (sub == NULL)
		return cmd_usage(ce, "no subcommand (init, show or trust)");
	if (strcmp(sub, "trust") == 0)
		return key_cmd_trust(ce, args);
	if (cmd_args_count(args) > 1)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 1));
	if (key_path(path, sizeof path, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	if (strcmp(sub, "init") == 0) {
		if (key_init(path, force, pk, &eb) != LS_OK)
			return cmd_fail(ce, &eb);
		key_cmd_print(path, pk);
		return 0;
	}
	if (strcmp(sub, "show") == 0) {
		if (force)
			return cmd_usage(ce, "--force goes with init");
		if (key_load(path, &k, &eb) != LS_OK)
			return cmd_fail(ce, &eb);
		if (key_check_pair(path, k, &repaired, &eb) != LS_OK) {
			key_free(k);
			return cmd_fail(ce, &eb);
		}
		if (repaired)
			fprintf(stderr, "lockscope key: the public key file "
			    "did not match the key (an interrupted 'key "
			    "init --force'?); written again from the "
			    "key\n");
		key_cmd_print(path, key_public(k));
		key_free(k);
		return 0;
	}
	return cmd_usage(ce, "unknown subcommand '%s' (init, show or "
	    "trust)", sub);
}

const struct cmd_entry cmd_key_entry = {
	.name = "key",
	.usage = "init [--force] | show | trust add|list|remove [PUBKEY]",
	.summary = "create or show the technician's report signing key",
	.help =
	    "init creates an Ed25519 key pair in $LOCKSCOPE_KEY, else\n"
	    "$XDG_CONFIG_HOME/lockscope/technician.key, else\n"
	    "~/.config/lockscope/technician.key (file mode 0600, directory "
	    "0700),\nand the public key next to it in technician.pub; show "
	    "prints the public key\nand its fingerprint.  The secret key is "
	    "never printed.\n"
	    "trust add|remove PUBKEY (64 hex digits or a .pub file) "
	    "changes, and trust\nlist prints, the keys besides this one "
	    "whose signed reports 'report verify'\naccepts (trusted_keys "
	    "next to the key).\n\n"
	    "Options:\n"
	    "  -f, --force     init: replace an existing key\n"
	    "  -h, --help      this help\n",
	.options = key_opts,
	.exec = key_exec,
};
