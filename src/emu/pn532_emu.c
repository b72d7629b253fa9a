/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pn532_emu.c - pn532-emu(1): an emulated PN532 reader on a
 * pseudo-terminal, for the real libnfc pn532_uart driver; the tags come
 * from a scenario file (lockscope-scenario(5)).
 *
 * The I/O shell around pn532.c: it opens a pty, puts the slave side in
 * raw mode, prints the slave's path on the first line of stdout and
 * moves bytes between the master side and the chip model.  It keeps its
 * own slave descriptor open: otherwise the master reads EIO whenever
 * libnfc closes the device, and the next nfc_open would find nothing.
 *
 * It does not emulate baud rates or modem lines; the speed libnfc sets
 * is accepted and ignored, as a pty does.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "emu/pn532.h"
#include "emu/scenario.h"
#include "util/err.h"
#include "util/log.h"
#include "util/loop.h"

#define PEMU_NAME	"pn532-emu"

struct pemu_io {
	struct loop	*loop;
	struct scn	*scn;
	struct pemu	*chip;
	int		 mfd;		/* pty master */
	int		 sfd;		/* our slave descriptor, kept open */
	unsigned	 mid;
	bool		 verbose;
};

static void
pemu_usage(FILE *f)
{
	fprintf(f, "usage: " PEMU_NAME " --scenario FILE [--fault KIND]... "
	    "[-v]...\n"
	    "       " PEMU_NAME " --help | --version\n"
	    "faults: %s\n", pemu_fault_names());
}

static int
pemu_usage_error(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, PEMU_NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pemu_usage(stderr);
	return ls_err_exit(LS_EUSAGE);
}

static void
pemu_log_sink(enum ls_log_level level, const char *line, void *arg)
{
	(void)arg;
	fprintf(stderr, PEMU_NAME ": %s%s\n",
	    level == LS_LOG_ERROR ? "error: " :
	    level == LS_LOG_WARN ? "warning: " : "", line);
}

static void
pemu_flush(struct pemu_io *io)
{
	const uint8_t	*p;
	size_t		 n;
	ssize_t		 w;

	while ((n = pemu_output(io->chip, &p)) > 0) {
		w = write(io->mfd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			/* EAGAIN: nobody reads; drop rather than block. */
			ls_log(LS_LOG_INFO, "write: %s: %zu bytes dropped",
			    strerror(errno), n);
			pemu_consume(io->chip, n);
			return;
		}
		pemu_consume(io->chip, (size_t)w);
	}
}

static void
pemu_on_master(int fd, short revents, void *arg)
{
	struct pemu_io	*io = arg;
	uint8_t		 buf[512];
	ssize_t		 r;

	(void)revents;
	r = read(fd, buf, sizeof buf);
	if (r < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EIO)
			return;
		ls_log(LS_LOG_ERROR, "pty read: %s", strerror(errno));
		loop_stop(io->loop);
		return;
	}
	if (r == 0)
		return;
	ls_log(LS_LOG_DEBUG, "%zd bytes from the host", r);
	pemu_input(io->chip, buf, (size_t)r);
	pemu_flush(io);
}

static void
pemu_on_signal(int signo, void *arg)
{
	struct pemu_io	*io = arg;

	ls_log(LS_LOG_INFO, "signal %d: exiting", signo);
	loop_stop(io->loop);
}

/* Open the pty pair; *path gets the slave's name (static storage). */
static enum ls_err
pemu_open_pty(struct pemu_io *io, const char **path, struct ls_errbuf *eb)
{
	struct termios	 tio;
	const char	*name;

	io->mfd = posix_openpt(O_RDWR | O_NOCTTY);
	if (io->mfd == -1)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "posix_openpt: %s", strerror(errno));
	if (grantpt(io->mfd) == -1 || unlockpt(io->mfd) == -1 ||
	    (name = ptsname(io->mfd)) == NULL)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "pseudo-terminal setup: %s", strerror(errno));
	io->sfd = open(name, O_RDWR | O_NOCTTY);
	if (io->sfd == -1)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "%s: %s", name, strerror(errno));
	/* Raw before the name is published: no echo, no line editing. */
	if (tcgetattr(io->sfd, &tio) == -1)
		return ls_err_set(eb, LS_EIO, "%s: tcgetattr: %s", name,
		    strerror(errno));
	cfmakeraw(&tio);
	if (tcsetattr(io->sfd, TCSANOW, &tio) == -1)
		return ls_err_set(eb, LS_EIO, "%s: tcsetattr: %s", name,
		    strerror(errno));
	if (fcntl(io->mfd, F_SETFL, fcntl(io->mfd, F_GETFL) | O_NONBLOCK) ==
	    -1)
		return ls_err_set(eb, LS_EIO, "fcntl: %s", strerror(errno));
	*path = name;
	return LS_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "scenario",	required_argument,	NULL, 's' },
		{ "fault",	required_argument,	NULL, 'f' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct pemu_io		 io;
	struct ls_errbuf	 eb;
	const char		*scenario = NULL, *path = NULL;
	unsigned		 faults = 0, bit;
	enum ls_err		 err;
	int			 ch, verbose = 0, rc = 0;

	memset(&io, 0, sizeof io);
	io.mfd = io.sfd = -1;
	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			scenario = optarg;
			break;
		case 'f':
			if ((bit = pemu_fault_parse(optarg)) == 0)
				return pemu_usage_error("unknown fault '%s' "
				    "(want %s)", optarg, pemu_fault_names());
			faults |= bit;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			pemu_usage(stdout);
			return 0;
		case 'V':
			printf(PEMU_NAME " %s\n", LS_VERSION);
			return 0;
		default:
			pemu_usage(stderr);
			return ls_err_exit(LS_EUSAGE);
		}
	}
	if (optind < argc)
		return pemu_usage_error("unexpected argument '%s'",
		    argv[optind]);
	if (scenario == NULL)
		return pemu_usage_error("--scenario is required");

	ls_log_set_sink(pemu_log_sink, NULL, verbose >= 2 ? LS_LOG_DEBUG :
	    verbose == 1 ? LS_LOG_INFO : LS_LOG_WARN);
	signal(SIGPIPE, SIG_IGN);
	ls_err_clear(&eb);
	if ((err = scn_load(scenario, &io.scn, &eb)) != LS_OK) {
		fprintf(stderr, PEMU_NAME ": %s\n", eb.msg);
		return ls_err_exit(err);
	}
	if ((io.chip = pemu_new(io.scn, faults)) == NULL ||
	    (io.loop = loop_new()) == NULL) {
		err = ls_err_set(&eb, LS_ENOMEM, "out of memory");
		goto fail;
	}
	if ((err = pemu_open_pty(&io, &path, &eb)) != LS_OK)
		goto fail;
	if ((io.mid = loop_add_fd(io.loop, io.mfd, POLLIN, pemu_on_master,
	    &io)) == 0 ||
	    !loop_add_signal(io.loop, SIGINT, pemu_on_signal, &io) ||
	    !loop_add_signal(io.loop, SIGTERM, pemu_on_signal, &io)) {
		err = ls_err_set(&eb, LS_ENOMEM, "cannot set up the event "
		    "loop");
		goto fail;
	}
	printf("%s\n", path);
	if (fflush(stdout) != 0) {
		err = ls_err_set(&eb, LS_EIO, "standard output: %s",
		    strerror(errno));
		goto fail;
	}
	ls_log(LS_LOG_INFO, "scenario '%s': %zu NFC tags on %s",
	    scn_name(io.scn), scn_nfc_count(io.scn), path);
	if (loop_run(io.loop) == -1) {
		fprintf(stderr, PEMU_NAME ": event loop: %s\n",
		    strerror(errno));
		rc = ls_err_exit(LS_EIO);
	}
	ls_log(LS_LOG_INFO, "%llu frames, %llu bad, %llu unknown commands",
	    (unsigned long long)pemu_stats(io.chip)->frames,
	    (unsigned long long)pemu_stats(io.chip)->bad_frames,
	    (unsigned long long)pemu_stats(io.chip)->unknown);
	goto out;
fail:
	fprintf(stderr, PEMU_NAME ": %s\n", eb.msg);
	rc = ls_err_exit(err);
out:
	if (io.mfd != -1)
		close(io.mfd);
	if (io.sfd != -1)
		close(io.sfd);
	loop_free(io.loop);
	pemu_free(io.chip);
	scn_free(io.scn);
	return rc;
}
