/* cli_live.c - the running board: its booted tree, command line, meminfo, memblock tables and kernel log */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "cli.h"
#include "cli_internal.h"

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

void mx_cli_live_init(struct mx_cli_live *lv)
{
	memset(lv, 0, sizeof(*lv));
	mx_buf_init(&lv->log);
	mx_buf_init(&lv->info);
}

void mx_cli_live_release(struct mx_cli_live *lv)
{
	free(lv->cmdline);
	mx_buf_release(&lv->log);
	mx_buf_release(&lv->info);
	mx_cli_live_init(lv);
}

/* ROOT/rel (or /rel): 0, MX_ENOENT or MX_EIO / MX_ENOMEM. */
static int read_at(const struct mx_cli_live *lv, const char *rel, char **buf, size_t *len)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s%s", lv->root ? lv->root : "", rel);
	return mx_file_read(path, buf, len);
}

/*
 * The kernel log: ROOT/dmesg under --root (what `dmesg` printed), else
 * the ring buffer itself through syslog(2), as dmesg(1) reads it (the
 * "<6>" levels it keeps are read past by the boot-log reader).
 */
static int kernel_log(struct mx_cli_live *lv, struct mx_buf *out)
{
	char *buf;
	size_t len;
	int n, r;

	if (lv->root) {
		if ((r = read_at(lv, "/dmesg", &buf, &len)))
			return r;
		r = mx_buf_add(out, buf, len);
		free(buf);
		return r;
	}
	n = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	if (n <= 0)
		n = 1 << 20;
	if (!(buf = malloc((size_t)n)))
		return MX_ENOMEM;
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, n);
	if (n < 0) {
		free(buf);
		return MX_EIO;
	}
	r = mx_buf_add(out, buf, (size_t)n);
	free(buf);
	return r;
}

/* A dump appended after the kernel log, after a line naming it (how the reader tells the tables apart). */
static void dump(struct mx_cli_live *lv, const char *rel, const char *header, bool *had)
{
	char *buf;
	size_t len;

	*had = false;
	if (read_at(lv, rel, &buf, &len))
		return;
	if (lv->log.len && lv->log.buf[lv->log.len - 1] != '\n')
		mx_buf_adds(&lv->log, "\n");
	mx_buf_addf(&lv->log, "%s\n", header);
	mx_buf_add(&lv->log, buf, len);
	if (len && buf[len - 1] != '\n')
		mx_buf_adds(&lv->log, "\n");
	free(buf);
	*had = true;
}

/* /proc/iomem: what the running kernel says its image and System RAM are (informative). */
static void iomem(struct mx_cli_live *lv)
{
	char *buf, *save = NULL, *line;
	size_t len;
	uint64_t ks = 0, ke = 0;

	if (read_at(lv, "/proc/iomem", &buf, &len))
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long s, e;
		int off = 0;

		if (sscanf(line, " %llx-%llx : %n", &s, &e, &off) != 2 || !off)
			continue;
		if (!strcmp(line + off, "System RAM") && s <= e)
			mx_buf_addf(&lv->info, "/proc/iomem: System RAM 0x%llx-0x%llx\n", s, e);
		else if (!strcmp(line + off, "Kernel code") && !ks)
			ks = s;
		else if (!strcmp(line + off, "Kernel data"))
			ke = e + 1;
	}
	if (ks && ke > ks)
		mx_buf_addf(&lv->info, "/proc/iomem: the kernel image 0x%" PRIx64 "-0x%" PRIx64 " (Kernel code .. Kernel data)\n",
			    ks, ke - 1);
	else if (len && !ks)
		mx_buf_adds(&lv->info, "/proc/iomem: no addresses (read it as root for them)\n");
	free(buf);
}

int mx_cli_live_gather(struct mx_cli_live *lv, const char *root, const char *cmd)
{
	char *buf;
	size_t len;
	bool had;
	int r;

	lv->root = root;
	snprintf(lv->fdt, sizeof(lv->fdt), "%s/sys/firmware/fdt", root ? root : "");
	snprintf(lv->log_name, sizeof(lv->log_name), "%s", root ? root : "the kernel log");
	if (root)
		snprintf(lv->log_name, sizeof(lv->log_name), "%s/dmesg", root);
	if ((r = kernel_log(lv, &lv->log))) {
		fprintf(stderr, "memx %s: %s: cannot read the kernel log: %s%s\n", cmd, mx_cli_esc(lv->log_name),
			r == MX_ENOENT ? "no such file" : r == MX_ENOMEM ? "out of memory" : strerror(errno),
			root ? "" : " (dmesg_restrict: run as root, or give --root DIR with a copy)");
		return r == MX_ENOMEM ? MX_EXIT_INTERNAL : MX_EXIT_INPUT;
	}
	if (!read_at(lv, "/proc/cmdline", &buf, &len)) {
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = '\0';
		lv->cmdline = buf;
	}
	dump(lv, "/proc/meminfo", "/proc/meminfo", &lv->has_meminfo);
	dump(lv, "/sys/kernel/debug/memblock/memory", "cat /sys/kernel/debug/memblock/memory", &had);
	if (had)
		mx_buf_adds(&lv->info, "debugfs memblock/memory read\n");
	dump(lv, "/sys/kernel/debug/memblock/reserved", "cat /sys/kernel/debug/memblock/reserved", &had);
	if (had)
		mx_buf_adds(&lv->info, "debugfs memblock/reserved read\n");
	iomem(lv);
	if (lv->log.failed || lv->info.failed)
		return MX_EXIT_INTERNAL;
	return MX_EXIT_OK;
}

/* uname -m as memx calls it (the running machine, when no --root) */
enum mx_arch mx_cli_live_arch(const struct mx_cli_live *lv)
{
	struct utsname u;

	if (lv->root || uname(&u))
		return MX_ARCH_NONE;
	if (!strcmp(u.machine, "aarch64") || !strcmp(u.machine, "arm64"))
		return MX_ARCH_ARM64;
	if (!strncmp(u.machine, "arm", 3))
		return MX_ARCH_ARM;
	if (!strcmp(u.machine, "riscv64"))
		return MX_ARCH_RISCV64;
	return MX_ARCH_NONE;
}

/*
 * This boot as a profile: the booted tree (or @in's input), the running
 * command line, and what the log says the boot loader did (mx_compare_adopt).
 * Prints one line per fact taken unless @quiet. Returns an exit code.
 */
int mx_cli_live_profile(struct mx_cli_live *lv, struct mx_cli_input *in, const struct mx_bootlog *b,
			const struct mx_ubootlog *u, unsigned take, struct mx_profile *p, struct mx_diaglist *facts,
			bool quiet)
{
	int rc;

	if (!in->file)
		in->file = lv->fdt;
	if (!in->arch && !in->base)
		in->arch = mx_cli_live_arch(lv);
	if ((rc = mx_cli_load_input(in, p)))
		return rc;
	/* the kernel that runs, when nothing else named one */
	if (!in->base && !p->kernel && b->version && mx_str_set(&p->kernel, b->version))
		return MX_EXIT_INTERNAL;
	if (in->bootargs)
		take &= ~(unsigned)MX_ADOPT_BOOTARGS; /* the user's command line, not the boot's */
	else if (lv->cmdline) {
		if (mx_str_set(&p->bootargs, lv->cmdline))
			return MX_EXIT_INTERNAL;
		take &= ~(unsigned)MX_ADOPT_BOOTARGS;
		if (!quiet)
			printf("the command line of this boot (/proc/cmdline): %s\n", mx_cli_esc(lv->cmdline));
	}
	if (mx_compare_adopt_boot(p, b, u, take, facts) < 0)
		return MX_EXIT_INTERNAL;
	return MX_EXIT_OK;
}

/* memx import --live: this boot as a YAML profile */
int mx_cli_import_live(struct mx_cli_input *in, const char *root, const char *out, bool force)
{
	struct mx_cli_live lv;
	struct mx_bootlog b;
	struct mx_profile p;
	struct mx_diaglist facts;
	struct mx_buf y;
	int rc;

	mx_cli_live_init(&lv);
	mx_bootlog_init(&b);
	mx_profile_init(&p);
	mx_diaglist_init(&facts);
	mx_buf_init(&y);
	if ((rc = mx_cli_live_gather(&lv, root, "import")))
		goto out;
	if (mx_bootlog_parse(&b, lv.log.buf, lv.log.len, lv.log_name)) {
		rc = MX_EXIT_INTERNAL;
		goto out;
	}
	if ((rc = mx_cli_live_profile(&lv, in, &b, NULL, MX_ADOPT_ALL, &p, &facts, false)))
		goto out;
	fputs(lv.info.buf, stdout);
	for (size_t i = 0; i < facts.cnt; i++)
		printf("%s\n", mx_cli_esc(facts.d[i].msg));
	if (mx_profile_write_yaml(&p, &y)) {
		rc = MX_EXIT_INTERNAL;
		goto out;
	}
	rc = mx_cli_write_out(out, &y, force, in);
	if (!rc)
		printf("wrote %s\n", mx_cli_esc(out));
out:
	if (rc == MX_EXIT_INTERNAL)
		fprintf(stderr, "memx: out of memory\n");
	mx_buf_release(&y);
	mx_diaglist_release(&facts);
	mx_profile_release(&p);
	mx_bootlog_release(&b);
	mx_cli_live_release(&lv);
	return rc;
}
