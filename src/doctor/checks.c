/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * checks.c - doctor's checks: pure functions from a struct doctor_input
 * to findings, each with the command that fixes it (doctor.h).
 *
 * Known USB NFC readers come from the device tables of libnfc
 * (nfc-tools/libnfc:libnfc/drivers/pn53x_usb.c
 * pn53x_usb_supported_devices[], libnfc/drivers/acr122_usb.c
 * acr122_usb_supported_devices[]); which of them the kernel's pn533_usb
 * driver claims comes from Linux drivers/nfc/pn533/usb.c
 * pn533_usb_table[].  Bluetooth dongles are recognised by their class
 * (Bluetooth Core 5.4 Vol 4 Part B §2.2: E0/01/01).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doctor/doctor.h"

#define DOCTOR_RULE_FIX "sudo install -m 644 scripts/70-lockscope.rules " \
	"/etc/udev/rules.d/ && sudo udevadm control --reload && " \
	"sudo udevadm trigger (then replug the device)"

static const struct {
	uint16_t		 vid, pid;
	enum doctor_usb_kind	 kind;
	bool			 pn533_kmod;	/* claimed by pn533_usb */
	const char		*name;
} doctor_usb_known[] = {
	{ 0x04cc, 0x0531, DOCTOR_USB_NFC_PN53X, false, "Philips PN531" },
	{ 0x04cc, 0x2533, DOCTOR_USB_NFC_PN53X, true, "NXP PN533" },
	{ 0x04e6, 0x5591, DOCTOR_USB_NFC_PN53X, true, "SCM SCL3711" },
	{ 0x04e6, 0x5594, DOCTOR_USB_NFC_PN53X, false, "SCM SCL3712" },
	{ 0x054c, 0x0193, DOCTOR_USB_NFC_PN53X, false, "Sony PN531" },
	{ 0x054c, 0x02e1, DOCTOR_USB_NFC_PN53X, true,
	    "Sony RC-S360 PaSoRi" },
	{ 0x1fd3, 0x0608, DOCTOR_USB_NFC_PN53X, false, "ASK LoGO" },
	{ 0x072f, 0x2200, DOCTOR_USB_NFC_ACR122, true, "ACS ACR122U" },
	{ 0x072f, 0x90cc, DOCTOR_USB_NFC_ACR122, false, "Touchatag" },
};
#define DOCTOR_NKNOWN	(sizeof doctor_usb_known / sizeof doctor_usb_known[0])

static size_t
doctor_known(const struct doctor_usb *u)
{
	size_t	i;

	for (i = 0; i < DOCTOR_NKNOWN; i++)
		if (doctor_usb_known[i].vid == u->vid &&
		    doctor_usb_known[i].pid == u->pid)
			return i;
	return DOCTOR_NKNOWN;
}

bool
doctor_usb_known_at(size_t i, uint16_t *vid, uint16_t *pid)
{
	if (i >= DOCTOR_NKNOWN)
		return false;
	*vid = doctor_usb_known[i].vid;
	*pid = doctor_usb_known[i].pid;
	return true;
}

enum doctor_usb_kind
doctor_usb_kind(const struct doctor_usb *u, const char **name)
{
	size_t	i = doctor_known(u);

	if (name != NULL)
		*name = NULL;
	if (i < DOCTOR_NKNOWN) {
		if (name != NULL)
			*name = doctor_usb_known[i].name;
		return doctor_usb_known[i].kind;
	}
	if (u->bt_class) {
		if (name != NULL)
			*name = "Bluetooth dongle";
		return DOCTOR_USB_BT;
	}
	return DOCTOR_USB_OTHER;
}

const char *
doctor_status_name(enum doctor_status s)
{
	static const char *const names[] = { "ok", "info", "warn", "fail" };

	return names[s];
}

enum doctor_mode
doctor_mode_of(const char *spec)
{
	if (spec == NULL || *spec == '\0' || strncmp(spec, "hci", 3) == 0)
		return DOCTOR_MODE_KERNEL;
	if (strncmp(spec, "user:", 5) == 0)
		return DOCTOR_MODE_USER;
	if (strncmp(spec, "usb", 3) == 0)
		return DOCTOR_MODE_USB;
	return DOCTOR_MODE_OTHER;
}

bool
doctor_ready(const struct doctor_report *r)
{
	return r->count[DOCTOR_WARN] == 0 && r->count[DOCTOR_FAIL] == 0;
}

/* Append a check; fix may be NULL. */
static void __attribute__((format(printf, 5, 6)))
doctor_add(struct doctor_report *r, const char *id, enum doctor_status st,
    const char *fix, const char *fmt, ...)
{
	struct doctor_check	*c;
	va_list			 ap;

	if (r->n >= DOCTOR_MAX_CHECKS)
		return;
	c = &r->check[r->n++];
	c->id = id;
	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->finding, sizeof c->finding, fmt, ap);
	va_end(ap);
	snprintf(c->fix, sizeof c->fix, "%s", fix != NULL ? fix : "");
	r->count[st]++;
}

/* Append "a, b, c" of the adapters matching want (-1: all). */
static void
doctor_hci_list(const struct doctor_input *in, int want_up, char *out,
    size_t cap)
{
	size_t	i, k = 0;

	out[0] = '\0';
	for (i = 0; i < in->nhci && k < cap; i++) {
		if (want_up != -1 && (!in->hci[i].up_known ||
		    in->hci[i].up != (want_up == 1)))
			continue;
		k += (size_t)snprintf(out + k, cap - k, "%s%s",
		    k > 0 ? ", " : "", in->hci[i].name);
	}
}

static size_t
doctor_count_usb(const struct doctor_input *in, enum doctor_usb_kind kind,
    bool nfc_any)
{
	enum doctor_usb_kind	k;
	size_t			i, n = 0;

	for (i = 0; i < in->nusb; i++) {
		k = doctor_usb_kind(&in->usb[i], NULL);
		if (k == kind || (nfc_any && (k == DOCTOR_USB_NFC_PN53X ||
		    k == DOCTOR_USB_NFC_ACR122)))
			n++;
	}
	return n;
}

static bool
doctor_rfkill_blocked(const struct doctor_input *in, const char *type)
{
	size_t	i;

	for (i = 0; i < in->nrfkill; i++)
		if (strcmp(in->rfkill[i].type, type) == 0 &&
		    (in->rfkill[i].soft || in->rfkill[i].hard))
			return true;
	return false;
}

static void
doctor_check_kernel(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	if (in->af_bluetooth) {
		doctor_add(r, "bt-kernel", DOCTOR_OK, NULL, "the kernel has "
		    "Bluetooth support (AF_BLUETOOTH)");
		return;
	}
	if (mode == DOCTOR_MODE_USB || mode == DOCTOR_MODE_OTHER) {
		doctor_add(r, "bt-kernel", DOCTOR_INFO, NULL, "the kernel has "
		    "no Bluetooth support; not needed for the adapter "
		    "chosen (usb or h4 talk to the controller directly)");
		return;
	}
	doctor_add(r, "bt-kernel", DOCTOR_FAIL, "sudo modprobe bluetooth "
	    "btusb (or use a USB dongle directly: --adapter usb)",
	    "the kernel has no Bluetooth support (no AF_BLUETOOTH "
	    "sockets): --adapter hciN and user:hciN cannot work");
}

static void
doctor_check_adapter(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	char	list[256];
	size_t	dongles = doctor_count_usb(in, DOCTOR_USB_BT, false);

	if (in->nhci > 0) {
		doctor_hci_list(in, -1, list, sizeof list);
		doctor_add(r, "bt-adapter", DOCTOR_OK, NULL, "Bluetooth "
		    "adapter%s: %s (use --adapter %s)", in->nhci > 1 ? "s" :
		    "", list, in->hci[0].name);
		return;
	}
	if (dongles > 0) {
		doctor_add(r, "bt-adapter", mode == DOCTOR_MODE_USB ?
		    DOCTOR_OK : DOCTOR_WARN, "use --adapter usb, or load the "
		    "kernel driver: sudo modprobe btusb", "a Bluetooth USB "
		    "dongle is plugged in but the kernel lists no adapter in "
		    "/sys/class/bluetooth (btusb not loaded or detached): "
		    "only --adapter usb can use it");
		return;
	}
	if (mode == DOCTOR_MODE_OTHER) {
		doctor_add(r, "bt-adapter", DOCTOR_INFO, NULL, "no Bluetooth "
		    "adapter in the kernel or on USB (fine for an h4: "
		    "adapter)");
		return;
	}
	doctor_add(r, "bt-adapter", DOCTOR_FAIL, "plug in a Bluetooth 4.0 "
	    "or later USB dongle (any btusb one, class E0/01/01), then run "
	    "'lockscope doctor' again", "no Bluetooth hardware: the kernel "
	    "lists no adapter in /sys/class/bluetooth and no Bluetooth USB "
	    "dongle is plugged in");
}

static void
doctor_check_up(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	char	down[128], up[128], fix[512];

	if (in->nhci == 0) {
		doctor_add(r, "bt-up", DOCTOR_INFO, NULL, "no adapter to "
		    "bring up");
		return;
	}
	doctor_hci_list(in, 0, down, sizeof down);
	doctor_hci_list(in, 1, up, sizeof up);
	if (mode == DOCTOR_MODE_USER) {
		if (up[0] == '\0') {
			doctor_add(r, "bt-up", DOCTOR_OK, NULL, "%s down, as "
			    "the user channel needs", down[0] != '\0' ? down :
			    "adapters");
			return;
		}
		snprintf(fix, sizeof fix, "sudo hciconfig %s down (or: "
		    "btmgmt --index %s power off)", in->hci[0].name,
		    in->hci[0].name + 3);
		doctor_add(r, "bt-up", DOCTOR_FAIL, fix, "%s is up: the user "
		    "channel (user:hciN) needs the adapter down", up);
		return;
	}
	if (down[0] == '\0') {
		if (up[0] == '\0')
			doctor_add(r, "bt-up", DOCTOR_INFO, NULL, "the "
			    "adapters' state could not be read");
		else
			doctor_add(r, "bt-up", DOCTOR_OK, NULL, "%s up", up);
		return;
	}
	if (doctor_rfkill_blocked(in, "bluetooth")) {
		doctor_add(r, "bt-up", DOCTOR_FAIL, "unblock it first (see "
		    "rfkill)", "%s is down because rfkill blocks Bluetooth",
		    down);
		return;
	}
	snprintf(fix, sizeof fix, "sudo hciconfig %.16s up (or: bluetoothctl "
	    "power on)", down);
	if (strchr(down, ',') != NULL)
		snprintf(fix, sizeof fix, "sudo hciconfig hciN up for each "
		    "(or: bluetoothctl power on)");
	doctor_add(r, "bt-up", up[0] != '\0' ? DOCTOR_INFO : DOCTOR_FAIL,
	    fix, "%s is down: --adapter hciN needs the adapter up "
	    "(user:hciN needs it down)", down);
}

static void
doctor_check_rfkill(const struct doctor_input *in, struct doctor_report *r)
{
	char				 soft[128] = "", hard[128] = "";
	const struct doctor_rfkill	*k;
	size_t				 i, ns = 0, nh = 0, ls = 0, lh = 0;

	for (i = 0; i < in->nrfkill; i++) {
		k = &in->rfkill[i];
		if (strcmp(k->type, "bluetooth") != 0 &&
		    strcmp(k->type, "nfc") != 0)
			continue;
		if (k->hard && lh < sizeof hard) {
			lh += (size_t)snprintf(hard + lh, sizeof hard - lh,
			    "%s%s (%s)", nh++ > 0 ? ", " : "", k->name,
			    k->type);
		} else if (k->soft && ls < sizeof soft) {
			ls += (size_t)snprintf(soft + ls, sizeof soft - ls,
			    "%s%s (%s)", ns++ > 0 ? ", " : "", k->name,
			    k->type);
		}
	}
	if (nh > 0)
		doctor_add(r, "rfkill", DOCTOR_FAIL, "turn the radio on with "
		    "the laptop's wireless switch or Fn key, or enable it in "
		    "the firmware setup (rfkill cannot clear a hard block)",
		    "hard blocked by rfkill: %s", hard);
	if (ns > 0)
		doctor_add(r, "rfkill", DOCTOR_FAIL, "sudo rfkill unblock "
		    "bluetooth (and: sudo rfkill unblock nfc)",
		    "soft blocked by rfkill: %s", soft);
	if (nh == 0 && ns == 0)
		doctor_add(r, "rfkill", in->nrfkill > 0 ? DOCTOR_OK :
		    DOCTOR_INFO, NULL, in->nrfkill > 0 ? "no Bluetooth or NFC "
		    "radio is blocked by rfkill" : "no rfkill switches");
}

static void
doctor_check_bluetoothd(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	char	up[128], fix[512];

	if (!in->bluetoothd) {
		doctor_add(r, "bluetoothd", DOCTOR_INFO, NULL, "bluetoothd is "
		    "not running (not needed; adapters are then brought up "
		    "with 'sudo hciconfig hciN up')");
		return;
	}
	doctor_hci_list(in, 1, up, sizeof up);
	if (up[0] == '\0') {
		doctor_add(r, "bluetoothd", DOCTOR_INFO, NULL, "bluetoothd "
		    "runs; it holds no adapter that is up");
		return;
	}
	if (mode == DOCTOR_MODE_USER || mode == DOCTOR_MODE_USB) {
		snprintf(fix, sizeof fix, "sudo systemctl stop bluetooth, "
		    "then sudo hciconfig %s down%s", in->hci[0].name,
		    mode == DOCTOR_MODE_USB ? " (and scan with --detach)" : "");
		doctor_add(r, "bluetoothd", DOCTOR_FAIL, fix, "bluetoothd "
		    "owns %s (up and managed by it): %s cannot take the "
		    "controller while it does", up, mode == DOCTOR_MODE_USER ?
		    "the user channel" : "a USB dongle open");
		return;
	}
	doctor_add(r, "bluetoothd", DOCTOR_INFO, "bluetoothctl scan off "
	    "(if a scan fails with Command Disallowed)", "bluetoothd runs "
	    "and manages %s: --adapter hciN shares the controller with it",
	    up);
}

static void
doctor_check_caps(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	char	fix[512], missing[64] = "";
	bool	raw, admin;

	if (!in->caps_known) {
		doctor_add(r, "capabilities", DOCTOR_INFO, NULL,
		    "the process's capabilities could not be read "
		    "(/proc/self/status)");
		return;
	}
	raw = (in->cap_eff >> DOCTOR_CAP_NET_RAW) & 1;
	admin = (in->cap_eff >> DOCTOR_CAP_NET_ADMIN) & 1;
	if (raw && admin) {
		doctor_add(r, "capabilities", DOCTOR_OK, NULL, "CAP_NET_RAW "
		    "and CAP_NET_ADMIN are effective");
		return;
	}
	snprintf(missing, sizeof missing, "%s%s%s", raw ? "" : "CAP_NET_RAW",
	    !raw && !admin ? " and " : "", admin ? "" : "CAP_NET_ADMIN");
	snprintf(fix, sizeof fix, "sudo setcap cap_net_raw,cap_net_admin+eip "
	    "%s", in->exe);
	if (mode == DOCTOR_MODE_USB || mode == DOCTOR_MODE_OTHER) {
		doctor_add(r, "capabilities", DOCTOR_INFO, fix, "%s missing: "
		    "not needed for the adapter chosen, only for hciN and "
		    "user:hciN", missing);
		return;
	}
	doctor_add(r, "capabilities", DOCTOR_FAIL, fix, "%s missing: the "
	    "kernel refuses LE scan commands on hciN and the user channel "
	    "(exit 77)", missing);
}

static void
doctor_check_usb_bt(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *r)
{
	const struct doctor_usb	*u = NULL;
	char			 fix[512];
	size_t			 i;

	if (!in->usb_ok) {
		doctor_add(r, "usb-bt", DOCTOR_INFO, NULL, "USB devices "
		    "cannot be listed (%s): no USB bus here, or /dev/bus/usb "
		    "is missing", in->usb_err[0] != '\0' ? in->usb_err :
		    "libusb failed");
		return;
	}
	for (i = 0; i < in->nusb && u == NULL; i++)
		if (doctor_usb_kind(&in->usb[i], NULL) == DOCTOR_USB_BT)
			u = &in->usb[i];
	if (u == NULL) {
		doctor_add(r, "usb-bt", mode == DOCTOR_MODE_USB ? DOCTOR_FAIL :
		    DOCTOR_INFO, mode == DOCTOR_MODE_USB ? "plug in a "
		    "Bluetooth 4.0 or later USB dongle (class E0/01/01)" : NULL,
		    "no Bluetooth USB dongle is plugged in");
		return;
	}
	if (!u->access) {
		doctor_add(r, "usb-bt", mode == DOCTOR_MODE_USB ? DOCTOR_FAIL :
		    DOCTOR_WARN, DOCTOR_RULE_FIX, "Bluetooth dongle %04x:%04x "
		    "(bus %u device %u) cannot be opened: no permission on "
		    "its device node, so --adapter usb fails (exit 77)",
		    u->vid, u->pid, u->bus, u->addr);
		return;
	}
	if (u->driver) {
		snprintf(fix, sizeof fix, "lockscope scan --adapter "
		    "usb:%04x:%04x --detach", u->vid, u->pid);
		doctor_add(r, "usb-bt", DOCTOR_INFO, mode == DOCTOR_MODE_USB ?
		    fix : NULL, "Bluetooth dongle %04x:%04x (bus %u device "
		    "%u) is bound to the kernel's btusb driver: --adapter "
		    "usb needs --detach", u->vid, u->pid, u->bus, u->addr);
		return;
	}
	doctor_add(r, "usb-bt", DOCTOR_OK, NULL, "Bluetooth dongle %04x:%04x "
	    "(bus %u device %u) is free for --adapter usb", u->vid, u->pid,
	    u->bus, u->addr);
}

static void
doctor_check_nfc_reader(const struct doctor_input *in,
    struct doctor_report *r)
{
	const struct doctor_usb	*u = NULL;
	const char		*name = NULL;
	size_t			 i;

	for (i = 0; i < in->nusb && u == NULL; i++)
		if (doctor_usb_kind(&in->usb[i], &name) ==
		    DOCTOR_USB_NFC_PN53X ||
		    doctor_usb_kind(&in->usb[i], &name) ==
		    DOCTOR_USB_NFC_ACR122)
			u = &in->usb[i];
	if (u == NULL) {
		doctor_add(r, "nfc-reader", DOCTOR_WARN, "plug in a USB NFC "
		    "reader libnfc drives (PN533-based such as the SCL3711, "
		    "or an ACS ACR122U), or wire a PN532 board to a serial "
		    "port (--nfc pn532_uart:/dev/ttyUSB0)", "no NFC reader: "
		    "none of the USB readers libnfc knows is plugged in, so "
		    "tags and rings cannot be read");
		return;
	}
	if (!u->access) {
		doctor_add(r, "nfc-reader", DOCTOR_FAIL, DOCTOR_RULE_FIX,
		    "NFC reader %s (%04x:%04x, bus %u device %u) cannot be "
		    "opened: no permission on its device node", name, u->vid,
		    u->pid, u->bus, u->addr);
		return;
	}
	doctor_add(r, "nfc-reader", DOCTOR_OK, NULL, "NFC reader %s "
	    "(%04x:%04x, bus %u device %u)", name, u->vid, u->pid, u->bus,
	    u->addr);
}

static void
doctor_check_libnfc(const struct doctor_input *in, struct doctor_report *r)
{
	char	list[512];
	size_t	i, k = 0;

	if (!in->libnfc_ok) {
		doctor_add(r, "libnfc", DOCTOR_WARN, "sudo apt-get install "
		    "libnfc6 libnfc-bin (then: nfc-list)", "libnfc could not "
		    "start (%s)", in->libnfc_err[0] != '\0' ? in->libnfc_err :
		    "nfc_init failed");
		return;
	}
	if (in->nnfc > 0) {
		list[0] = '\0';
		for (i = 0; i < in->nnfc && k < sizeof list; i++)
			k += (size_t)snprintf(list + k, sizeof list - k,
			    "%s%s", i > 0 ? ", " : "", in->nfc[i]);
		doctor_add(r, "libnfc", DOCTOR_OK, NULL, "libnfc sees %s (use "
		    "--nfc %s)", list, in->nfc[0]);
		return;
	}
	if (doctor_count_usb(in, DOCTOR_USB_OTHER, true) > 0) {
		doctor_add(r, "libnfc", DOCTOR_FAIL, "see the pcscd, "
		    "nfc-modules and nfc-reader findings; then check with "
		    "nfc-list", "libnfc sees no reader although one is "
		    "plugged in: something else holds it, or permissions "
		    "stop it");
		return;
	}
	doctor_add(r, "libnfc", DOCTOR_INFO, NULL, "libnfc sees no reader");
}

static void
doctor_check_pcscd(const struct doctor_input *in, struct doctor_report *r)
{
	size_t	acr = doctor_count_usb(in, DOCTOR_USB_NFC_ACR122, false);

	if (!in->pcscd) {
		doctor_add(r, "pcscd", DOCTOR_OK, NULL, "pcscd is not running "
		    "(it would hold CCID readers such as the ACR122U)");
		return;
	}
	doctor_add(r, "pcscd", acr > 0 ? DOCTOR_FAIL : DOCTOR_INFO,
	    "sudo systemctl stop pcscd.socket pcscd (to keep it off: sudo "
	    "systemctl disable pcscd.socket)", acr > 0 ? "pcscd runs and "
	    "holds the ACR122U: libnfc cannot claim it while pcscd does" :
	    "pcscd runs: it would claim an ACR122U when one is plugged in");
}

static void
doctor_check_modules(const struct doctor_input *in,
    struct doctor_report *r)
{
	char	names[64];
	size_t	i, claimed = 0;

	if (!in->modules_known) {
		doctor_add(r, "nfc-modules", DOCTOR_INFO, NULL, "loaded kernel "
		    "modules could not be read (/proc/modules)");
		return;
	}
	if (!in->mod_pn533 && !in->mod_pn533_usb) {
		doctor_add(r, "nfc-modules", DOCTOR_OK, NULL, "the kernel's "
		    "pn533 NFC drivers are not loaded%s", in->mod_nfc ?
		    " (the nfc core is, harmlessly)" : "");
		return;
	}
	for (i = 0; i < in->nusb; i++) {
		size_t	k = doctor_known(&in->usb[i]);

		if (k < DOCTOR_NKNOWN && doctor_usb_known[k].pn533_kmod)
			claimed++;
	}
	snprintf(names, sizeof names, "%s%s%s", in->mod_pn533_usb ?
	    "pn533_usb" : "", in->mod_pn533_usb && in->mod_pn533 ? ", " : "",
	    in->mod_pn533 ? "pn533" : "");
	doctor_add(r, "nfc-modules", claimed > 0 ? DOCTOR_FAIL : DOCTOR_WARN,
	    "sudo modprobe -r pn533_usb pn533 nfc; to keep them off: printf "
	    "'blacklist pn533_usb\\nblacklist pn533\\nblacklist nfc\\n' | "
	    "sudo tee /etc/modprobe.d/blacklist-libnfc.conf", "the kernel's "
	    "NFC driver is loaded (%s): it claims PN533 and ACR122U readers, "
	    "so libnfc cannot open them%s", names, claimed > 0 ?
	    " (one is plugged in)" : "");
}

static void
doctor_check_udev(const struct doctor_input *in, struct doctor_report *r)
{
	if (in->udev_rule) {
		doctor_add(r, "udev", DOCTOR_OK, NULL, "the lockscope udev "
		    "rule is installed (USB dongles and readers without "
		    "root)");
		return;
	}
	doctor_add(r, "udev", DOCTOR_INFO, DOCTOR_RULE_FIX, "the lockscope "
	    "udev rule is not installed: USB dongles and NFC readers need "
	    "root without it");
}

void
doctor_run(const struct doctor_input *in, enum doctor_mode mode,
    struct doctor_report *out)
{
	memset(out, 0, sizeof *out);
	doctor_check_kernel(in, mode, out);
	doctor_check_adapter(in, mode, out);
	doctor_check_up(in, mode, out);
	doctor_check_rfkill(in, out);
	doctor_check_bluetoothd(in, mode, out);
	doctor_check_caps(in, mode, out);
	doctor_check_usb_bt(in, mode, out);
	doctor_check_nfc_reader(in, out);
	doctor_check_libnfc(in, out);
	doctor_check_pcscd(in, out);
	doctor_check_modules(in, out);
	doctor_check_udev(in, out);
}
