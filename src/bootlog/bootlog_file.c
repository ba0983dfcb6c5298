/* bootlog_file.c - a boot-log file read in place: mapped, with only a window of it resident at a time */
#define _DEFAULT_SOURCE /* madvise() and MADV_DONTNEED (not POSIX; posix_madvise's is a no-op on glibc) */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootlog_internal.h"
#include "memx/profile.h"
#include "memx/types.h"

/*
 * Why mapped and not read: issue 15 asks that reading a log never costs
 * more memory than the file. A heap copy of the text costs the file's size
 * by itself; the reader reads it once from start to end, plus some lines
 * again where a copy of a boot is checked (bootlog_copies.c). Mapped
 * read-only and private, the text costs address space, and what is
 * resident is what was touched since the last time the pages were dropped
 * (mxi_bl_touch): never more than MX_BL_WINDOW_MIN or a sixteenth of the
 * file, plus the lines being compared. Dropping a clean page of a private
 * file mapping loses nothing: the next access reads it again from the page
 * cache, so pointers into the text stay valid and the reader is the one
 * mx_bootlog_parse() runs on a caller's buffer.
 *
 * The window is counted in bytes touched, the system maps whole page-cache
 * folios: Linux 6.18 on ext4 maps a 2 MiB folio on one access, whatever the
 * madvise() hints, so what is resident of the file can be a few MiB more
 * than the window (those are the page cache's own pages, not a copy; a
 * log of a few MiB may be resident whole).
 *
 * A pipe, a FIFO or a file the system cannot map is read into one buffer
 * as before (mx_file_read_max). A log still being written is appended to,
 * which is safe (the reader sees the size it had when opened). A file
 * truncated by another process while it is read makes the system send
 * SIGBUS on the next access past its new end: for the length of the call a
 * handler catches the SIGBUS of an access inside the mapping (any other goes
 * to the handler before it), puts zero pages where the file was so that
 * the access completes, and the call then says the file shrank (MX_EIO):
 * no crash, nothing read from a file that changed.
 */
#define MX_BL_WINDOW_MIN (256u << 10)

/*
 * The most a boot log may be: a serial capture of several boots with
 * memblock=debug runs to tens of megabytes. A larger file is refused as
 * mx_file_read_max() refuses it.
 */
#define LOG_MAX (256u << 20)

/* The mapping being read by this thread, for the SIGBUS handler. */
static _Thread_local struct {
	char *base;
	size_t len;
	volatile sig_atomic_t shrank;
	struct sigaction old;
} bus;

void (*mxi_bl_touch_hook)(void);

static void on_bus(int sig, siginfo_t *si, void *ctx)
{
	char *a = si ? (char *)si->si_addr : NULL;

	(void)sig;
	(void)ctx;
	if (bus.base && a >= bus.base && a < bus.base + bus.len) {
		/* zero pages over the whole mapping: the access completes, nothing more faults */
		if (mmap(bus.base, bus.len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
		    MAP_FAILED) {
			bus.shrank = 1;
			return;
		}
	}
	/* not ours (or no way out): the handler before, or the default, takes the re-fault */
	sigaction(SIGBUS, &bus.old, NULL);
}

void mxi_bl_touch(struct mx_blpager *pg, size_t n)
{
	if (!pg)
		return;
	if (mxi_bl_touch_hook)
		mxi_bl_touch_hook();
	pg->touched += n;
	if (pg->touched < pg->window)
		return;
	pg->touched = 0;
#ifdef MADV_DONTNEED
	madvise((void *)pg->base, pg->len, MADV_DONTNEED); /* a hint: failing costs memory, not results */
#endif
}

/* The whole file into one buffer (pipes, FIFOs, whatever cannot be mapped): the old way. */
static int parse_read(struct mx_bootlog *b, const char *path)
{
	char *text;
	size_t len;
	int r = mx_file_read_max(path, LOG_MAX, &text, &len);

	if (r) {
		mx_bootlog_release(b);
		return r;
	}
	r = mx_bootlog_parse(b, text, len, path);
	free(text);
	return r;
}

int mx_bootlog_parse_file(struct mx_bootlog *b, const char *path)
{
	struct mx_blpager pg = { 0 };
	struct sigaction sa;
	struct stat st;
	void *map;
	int fd, r;

	/* errors, empty files, too big, not a file: as mx_file_read_max() says; a FIFO is
	 * not opened twice (its writer's data would go with the first open) */
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return parse_read(b, path);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uintmax_t)st.st_size > LOG_MAX) {
		if (fd >= 0)
			close(fd);
		return parse_read(b, path);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return parse_read(b, path);
#ifdef MADV_NOHUGEPAGE
	madvise(map, (size_t)st.st_size, MADV_NOHUGEPAGE); /* no PMD mapping of a huge folio where honoured */
#endif
	pg.base = map;
	pg.len = (size_t)st.st_size;
	pg.window = pg.len / 16 > MX_BL_WINDOW_MIN ? pg.len / 16 : MX_BL_WINDOW_MIN;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	bus.base = map;
	bus.len = pg.len;
	bus.shrank = 0;
	sigaction(SIGBUS, &sa, &bus.old);
	r = mxi_bl_parse(b, map, pg.len, path, &pg);
	sigaction(SIGBUS, &bus.old, NULL);
	bus.base = NULL;
	munmap(map, pg.len);
	if (bus.shrank && r != MX_ENOMEM) {
		/* what was read came from a file that changed under the reader */
		mx_bootlog_release(b);
		r = MX_EIO;
	}
	return r;
}
