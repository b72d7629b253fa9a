/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * system_probe.c - what the system looks like, for doctor's checks.
 *
 * Files (read under the sysroot, "/" for the real system):
 *   sys/class/bluetooth/hciN             adapters the kernel knows
 *   sys/class/rfkill/rfkillN/{type,soft,hard,name}
 *                                        radio kill switches (Linux
 *                                        Documentation/ABI/stable/
 *                                        sysfs-class-rfkill)
 *   proc/self/status                     CapEff (proc(5))
 *   proc/modules                         loaded kernel modules
 *   proc/PID/comm                        bluetoothd, pcscd running
 *   etc/udev/rules.d/70-lockscope.rules, lib/udev/rules.d/..., 
 *   usr/lib/udev/rules.d/...             our udev rule installed
 * Not files, on the real system: AF_BLUETOOTH support and HCI_UP
 * (HCIGETDEVINFO through libbluetooth), USB devices (libusb), libnfc's
 * device list (nfc_list_devices).  Under a fixture sysroot these come
 * from sysroot/probe instead (doctor_parse_probe()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>
#include <libusb.h>
#include <nfc/nfc.h>

#include "adapters/hci_usb.h"
#include "adapters/system_probe.h"
#include "hci/usb_frame.h"

#define SYSPROBE_FILE_CAP	(256 * 1024)

/* Read a whole (small) file under root into a malloc'd NUL-terminated
   buffer.  NULL when absent or unreadable. */
static char *
sysprobe_slurp(const char *root, const char *rel, size_t *len)
{
	char	 path[1024], *buf = NULL, *nb;
	size_t	 n = 0, cap = 0;
	ssize_t	 r;
	int	 fd;

	if (snprintf(path, sizeof path, "%s/%s", root, rel) >=
	    (int)sizeof path)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			if (cap >= SYSPROBE_FILE_CAP)
				break;
			cap = cap == 0 ? 8192 : cap * 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (buf == NULL)
		return NULL;
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

/* First line of a small sysfs/proc file, trimmed; false when absent. */
static bool
sysprobe_read_word(const char *root, const char *rel, char *out, size_t cap)
{
	char	*buf;
	size_t	 n, k;

	buf = sysprobe_slurp(root, rel, &n);
	if (buf == NULL)
		return false;
	for (k = 0; k < n && buf[k] != '\n' && k + 1 < cap; k++)
		out[k] = buf[k];
	out[k] = '\0';
	free(buf);
	return true;
}

static int
sysprobe_cmp_hci(const void *a, const void *b)
{
	const struct doctor_hci	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
sysprobe_hci(const char *root, struct doctor_input *in)
{
	char		 path[1024];
	struct dirent	*de;
	DIR		*d;

	snprintf(path, sizeof path, "%s/sys/class/bluetooth", root);
	d = opendir(path);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && in->nhci < DOCTOR_MAX_HCI) {
		if (strncmp(de->d_name, "hci", 3) != 0 ||
		    strlen(de->d_name) >= sizeof in->hci[0].name ||
		    strchr(de->d_name, ':') != NULL)
			continue;
		memcpy(in->hci[in->nhci].name, de->d_name,
		    strlen(de->d_name) + 1);
		in->nhci++;
	}
	closedir(d);
	qsort(in->hci, in->nhci, sizeof in->hci[0], sysprobe_cmp_hci);
}

static void
sysprobe_rfkill(const char *root, struct doctor_input *in)
{
	struct doctor_rfkill	*r;
	char			 path[1024], rel[512], w[32];
	struct dirent		*de;
	DIR			*d;

	snprintf(path, sizeof path, "%s/sys/class/rfkill", root);
	d = opendir(path);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && in->nrfkill < DOCTOR_MAX_RFKILL) {
		if (strncmp(de->d_name, "rfkill", 6) != 0 ||
		    strlen(de->d_name) >= sizeof r->name)
			continue;
		r = &in->rfkill[in->nrfkill];
		memset(r, 0, sizeof *r);
		memcpy(r->name, de->d_name, strlen(de->d_name) + 1);
		snprintf(rel, sizeof rel, "sys/class/rfkill/%s/type",
		    de->d_name);
		if (!sysprobe_read_word(root, rel, r->type, sizeof r->type))
			continue;
		snprintf(rel, sizeof rel, "sys/class/rfkill/%s/soft",
		    de->d_name);
		if (sysprobe_read_word(root, rel, w, sizeof w))
			r->soft = strcmp(w, "1") == 0;
		snprintf(rel, sizeof rel, "sys/class/rfkill/%s/hard",
		    de->d_name);
		if (sysprobe_read_word(root, rel, w, sizeof w))
			r->hard = strcmp(w, "1") == 0;
		in->nrfkill++;
	}
	closedir(d);
}

static void
sysprobe_procs(const char *root, struct doctor_input *in)
{
	char		 path[1024], rel[512], comm[64];
	struct dirent	*de;
	const char	*p;
	DIR		*d;

	snprintf(path, sizeof path, "%s/proc", root);
	d = opendir(path);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		for (p = de->d_name; *p >= '0' && *p <= '9'; p++)
			;
		if (*p != '\0' || p == de->d_name)
			continue;
		snprintf(rel, sizeof rel, "proc/%s/comm", de->d_name);
		if (!sysprobe_read_word(root, rel, comm, sizeof comm))
			continue;
		if (strcmp(comm, "bluetoothd") == 0)
			in->bluetoothd = true;
		else if (strcmp(comm, "pcscd") == 0)
			in->pcscd = true;
	}
	closedir(d);
}

static void
sysprobe_files(const char *root, struct doctor_input *in)
{
	static const char *const rules[] = {
		"etc/udev/rules.d/70-lockscope.rules",
		"lib/udev/rules.d/70-lockscope.rules",
		"usr/lib/udev/rules.d/70-lockscope.rules",
		"usr/local/lib/udev/rules.d/70-lockscope.rules",
	};
	char	 path[1024], *buf;
	size_t	 n, i;

	sysprobe_hci(root, in);
	sysprobe_rfkill(root, in);
	sysprobe_procs(root, in);
	buf = sysprobe_slurp(root, "proc/self/status", &n);
	if (buf != NULL) {
		in->caps_known = doctor_parse_capeff(buf, n, &in->cap_eff);
		free(buf);
	}
	buf = sysprobe_slurp(root, "proc/modules", &n);
	if (buf != NULL) {
		doctor_parse_modules(buf, n, in);
		free(buf);
	}
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, rules[i]);
		if (access(path, F_OK) == 0)
			in->udev_rule = true;
	}
}

/* --- the real system: HCI, libusb, libnfc ---------------------------- */

static void
sysprobe_real_hci(struct doctor_input *in)
{
	struct hci_dev_info	di;
	size_t			i;
	long			idl;
	char			*end;
	int			fd, id;

	fd = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC, BTPROTO_HCI);
	if (fd == -1)
		return;
	close(fd);
	in->af_bluetooth = true;
	for (i = 0; i < in->nhci; i++) {
		errno = 0;
		idl = strtol(in->hci[i].name + 3, &end, 10);
		if (errno != 0 || *end != '\0' || end == in->hci[i].name + 3 ||
		    idl < 0 || idl > 0xffff)
			continue;
		id = (int)idl;
		if (hci_devinfo(id, &di) < 0)
			continue;
		in->hci[i].up_known = true;
		in->hci[i].up = hci_test_bit(HCI_UP, &di.flags) != 0;
	}
}

static void
sysprobe_real_usb(struct doctor_input *in)
{
	struct libusb_device_descriptor	 dd;
	libusb_device_handle		*dh;
	libusb_context			*ctx;
	libusb_device			**list;
	struct doctor_usb		*u;
	ssize_t				  n, i;
	int				  r;

	r = libusb_init(&ctx);
	if (r != 0) {
		snprintf(in->usb_err, sizeof in->usb_err, "%s",
		    libusb_strerror(r));
		return;
	}
	n = libusb_get_device_list(ctx, &list);
	if (n < 0) {
		snprintf(in->usb_err, sizeof in->usb_err, "%s",
		    libusb_strerror((int)n));
		libusb_exit(ctx);
		return;
	}
	in->usb_ok = true;
	for (i = 0; i < n && in->nusb < DOCTOR_MAX_USB; i++) {
		if (libusb_get_device_descriptor(list[i], &dd) != 0)
			continue;
		u = &in->usb[in->nusb];
		memset(u, 0, sizeof *u);
		u->vid = dd.idVendor;
		u->pid = dd.idProduct;
		u->bus = libusb_get_bus_number(list[i]);
		u->addr = libusb_get_device_address(list[i]);
		u->bt_class = usb_hci_is_bt(list[i], &dd);
		if (doctor_usb_kind(u, NULL) == DOCTOR_USB_OTHER)
			continue;	/* hubs, keyboards: not our business */
		if (libusb_open(list[i], &dh) == 0) {
			u->access = true;
			u->driver = libusb_kernel_driver_active(dh, 0) == 1;
			libusb_close(dh);
		}
		in->nusb++;
	}
	libusb_free_device_list(list, 1);
	libusb_exit(ctx);
}

static void
sysprobe_real_libnfc(struct doctor_input *in)
{
	nfc_connstring	 cs[DOCTOR_MAX_NFC];
	nfc_context	*ctx;
	size_t		 n, i;

	nfc_init(&ctx);
	if (ctx == NULL) {
		snprintf(in->libnfc_err, sizeof in->libnfc_err,
		    "nfc_init failed");
		return;
	}
	in->libnfc_ok = true;
	n = nfc_list_devices(ctx, cs, DOCTOR_MAX_NFC);
	for (i = 0; i < n && i < DOCTOR_MAX_NFC; i++)
		snprintf(in->nfc[in->nnfc++], sizeof in->nfc[0], "%s", cs[i]);
	nfc_exit(ctx);
}

enum ls_err
system_probe(const char *sysroot, struct doctor_input *in,
    struct ls_errbuf *eb)
{
	char		 path[1024], *buf;
	size_t		 n;
	enum ls_err	 err;
	ssize_t		 r;
	DIR		*d;

	memset(in, 0, sizeof *in);
	if (sysroot == NULL) {
		sysprobe_files("", in);
		sysprobe_real_hci(in);
		sysprobe_real_usb(in);
		sysprobe_real_libnfc(in);
		r = readlink("/proc/self/exe", in->exe, sizeof in->exe - 1);
		if (r <= 0)
			snprintf(in->exe, sizeof in->exe, "%s",
			    "$(command -v lockscope)");
		else
			in->exe[r] = '\0';
		return LS_OK;
	}
	d = opendir(sysroot);
	if (d == NULL)
		return ls_err_set(eb, errno == ENOENT ? LS_EINPUT : LS_EIO,
		    "sysroot '%s': %s", sysroot, strerror(errno));
	closedir(d);
	sysprobe_files(sysroot, in);
	snprintf(in->exe, sizeof in->exe, "%s", "/usr/local/bin/lockscope");
	buf = sysprobe_slurp(sysroot, "probe", &n);
	if (buf == NULL) {
		snprintf(path, sizeof path, "%s/probe", sysroot);
		return ls_err_set(eb, LS_EINPUT, "sysroot '%s': no probe file "
		    "(%s)", sysroot, path);
	}
	err = doctor_parse_probe(buf, n, in, eb);
	free(buf);
	if (err != LS_OK)
		ls_err_prefix(eb, "%s/probe", sysroot);
	return err;
}

enum ls_err
system_probe_adapters(struct doctor_input *in, struct ls_errbuf *eb)
{
	(void)eb;
	memset(in, 0, sizeof *in);
	sysprobe_hci("", in);
	sysprobe_real_hci(in);
	sysprobe_real_usb(in);
	return LS_OK;
}
