/* bootlog_file.c - a boot-log file read in place: mapped, with only a window of it resident at a time */
#define _DEFAULT_SOURCE /* madvise() and MADV_DONTNEED (not POSIX; posix_madvise's is a no-op on glibc) */
#include <fcntl.h>
#include <stdlib.h>
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
 * as before (mx_file_read_max). A file truncated by another process while
 * it is read cannot be read through a mapping (the system sends SIGBUS):
 * a log still being written is appended to, which is safe (the reader
 * sees the size it had when opened).
 */
#define MX_BL_WINDOW_MIN (256u << 10)

/*
 * The most a boot log may be: a serial capture of several boots with
 * memblock=debug runs to tens of megabytes. A larger file is refused as
 * mx_file_read_max() refuses it.
 */
#define LOG_MAX (256u << 20)

void mxi_bl_touch(struct mx_blpager *pg, size_t n)
{
	if (!pg)
		return;
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
	r = mxi_bl_parse(b, map, pg.len, path, &pg);
	munmap(map, pg.len);
	return r;
}
