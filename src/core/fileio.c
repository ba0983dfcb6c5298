/*
 * fileio.c - reading inputs with a size limit, and atomic file writes (a
 * temporary file in the same directory, fsync, rename)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "memx/buf.h"
#include "memx/profile.h"

/* ---- reading ---- */

/* ENOTDIR: a part of the path is a file ("board.dts/x.dts"): there is no such file */
static int open_error(void)
{
	switch (errno) {
	case ENOENT:
	case ENOTDIR:
		return MX_ENOENT;
	case EISDIR:
		return MX_EISDIR;
	case EACCES:
	case EPERM:
		return MX_EACCES;
	}
	return MX_EIO;
}

/*
 * Read what @fd gives, at most @max bytes (one more is asked for, to see
 * that there are more), into one buffer of the file's own size when it is
 * known (@hint: a regular file) and growing by half otherwise: logs run to
 * tens of megabytes, and a buffer that doubles would cost up to twice that.
 */
static int read_fd(int fd, size_t hint, size_t max, char **out, size_t *len)
{
	size_t cap = hint && hint <= max ? hint + 1 : 65536, n = 0;
	char *buf = NULL, *q;

	for (;;) {
		ssize_t got;

		if (!buf || n == cap) {
			size_t more = buf ? cap / 2 + 65536 : cap;

			if (n + more > max + 1)
				more = max + 1 - n;
			if (!more) {
				free(buf);
				return MX_ETOOBIG;
			}
			if (!(q = realloc(buf, n + more + 1))) { /* + 1: the NUL */
				free(buf);
				return MX_ENOMEM;
			}
			buf = q;
			cap = n + more;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return MX_EIO;
		}
		if (!got)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		free(buf);
		return MX_ETOOBIG;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/*
 * The open itself must not wait: a FIFO opened for reading blocks until
 * somebody opens it for writing, so it is opened O_NONBLOCK and read
 * blocking afterwards (with no writer, read() says end of file at once).
 * A device is refused before anything is read: /dev/zero never ends, a
 * terminal waits for typing.
 */
int mx_file_read_max(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	int fd, r, fl;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return open_error();
	if (fstat(fd, &st)) {
		close(fd);
		return MX_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return MX_EISDIR;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		close(fd);
		return MX_ENOTREG;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		close(fd);
		return MX_ETOOBIG;
	}
	if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		close(fd);
		return MX_EIO;
	}
	r = read_fd(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, max, out, len);
	close(fd);
	return r;
}

int mx_file_read(const char *path, char **out, size_t *len)
{
	return mx_file_read_max(path, MX_FILE_MAX, out, len);
}

/* ---- writing ---- */

#define TMP_SUFFIX ".memx-"
#define TMP_RANDOM 6

/* After a rename, fsync the directory so the new name survives a power cut. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* What @path's directory is called, and where its last component starts. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

static bool tmp_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Remove the temporaries of earlier writes to @base in @dir that were killed
 * before their rename (@base.memx-XXXXXX). A live write holds an flock() on
 * its temporary until the rename; one that died does not, so whatever can be
 * locked here is a leftover. Only regular files of our own are touched.
 */
static void clean_leftovers(const char *dir, const char *base)
{
	size_t blen = strlen(base), slen = strlen(TMP_SUFFIX);
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		struct stat a, b;
		char *p;
		int fd;
		size_t i;

		if (strlen(n) != blen + slen + TMP_RANDOM || strncmp(n, base, blen) ||
		    strncmp(n + blen, TMP_SUFFIX, slen))
			continue;
		for (i = 0; i < TMP_RANDOM && tmp_char(n[blen + slen + i]); i++)
			;
		if (i < TMP_RANDOM || !(p = malloc(strlen(dir) + strlen(n) + 2)))
			continue;
		sprintf(p, "%s/%s", dir, n);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0 && !fstat(fd, &a) && S_ISREG(a.st_mode) && a.st_uid == geteuid() &&
		    !flock(fd, LOCK_EX | LOCK_NB) && !lstat(p, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			unlink(p);
		if (fd >= 0)
			close(fd);
		free(p);
	}
	closedir(d);
}

/*
 * Create @path.memx-XXXXXX with O_EXCL and mode 0666 (the umask applies, as
 * for any new file; mkstemp() would make it 0600), and lock it (see
 * clean_leftovers). *@tmp gets its name. Returns the descriptor or -1.
 */
static int create_tmp(const char *path, char **tmp)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t plen = strlen(path), slen = strlen(TMP_SUFFIX);
	char *t = malloc(plen + slen + TMP_RANDOM + 1);
	struct timespec ts;
	uint64_t x;

	if (!t)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 32);
	memcpy(t, path, plen);
	memcpy(t + plen, TMP_SUFFIX, slen);
	t[plen + slen + TMP_RANDOM] = '\0';
	for (int tries = 0; tries < 100; tries++) {
		struct stat a, b;
		int fd;

		for (size_t i = 0; i < TMP_RANDOM; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			t[plen + slen + i] = set[(x >> 33) % (sizeof(set) - 1)];
		}
		fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			break;
		}
		/* a cleaner may have taken it between the open and the lock: then another name */
		if (!flock(fd, LOCK_EX) && !fstat(fd, &a) && !lstat(t, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino) {
			*tmp = t;
			return fd;
		}
		close(fd);
	}
	free(t);
	return -1;
}

/* @path exists: 0 when it may be replaced (with force), else why not. */
static int replaceable(const struct stat *st)
{
	if (S_ISDIR(st->st_mode)) {
		errno = EISDIR;
		return MX_EISDIR;
	}
	if (!S_ISREG(st->st_mode)) {
		errno = EINVAL;
		return MX_ENOTREG;
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int mx_file_write_atomic(const char *path, const char *data, size_t len, bool force)
{
	const char *base;
	char *dir = dir_of(path, &base), *tmp = NULL;
	struct stat st;
	bool exists;
	int fd, saved, r;

	if (!dir)
		return MX_ENOMEM;
	/*
	 * What is there decides: a directory, a device or a FIFO is never
	 * replaced (a rename would put a file in the place of /dev/null); a
	 * symbolic link is followed to see what it names, and replaced itself.
	 */
	exists = !lstat(path, &st);
	if (exists && !stat(path, &st) && (r = replaceable(&st))) {
		free(dir);
		return r;
	}
	if (exists && !force) {
		free(dir);
		errno = EEXIST;
		return MX_EEXIST;
	}
	clean_leftovers(dir, base);
	fd = create_tmp(path, &tmp);
	if (fd < 0)
		goto fail;
	if (write_all(fd, data, len))
		goto fail;
	/* a replaced file keeps its permissions; a new one has 0666 less the umask from open() */
	if ((force && !stat(path, &st) && S_ISREG(st.st_mode) && fchmod(fd, st.st_mode & 07777)) || fsync(fd))
		goto fail;
	if (!force && link(tmp, path) == 0) {
		/* link() refuses to replace a file that appeared meanwhile */
		unlink(tmp);
	} else if (!force && errno != EPERM && errno != ENOSYS && errno != EOPNOTSUPP) {
		goto fail;
	} else if (!force && lstat(path, &st) == 0) {
		errno = EEXIST; /* no hard links here (vfat): check, then rename */
		goto fail;
	} else if (rename(tmp, path)) {
		goto fail;
	}
	close(fd); /* after the rename: the lock says "alive" until the name is gone */
	sync_dir(dir);
	free(tmp);
	free(dir);
	return 0;
fail:
	saved = errno;
	if (tmp)
		unlink(tmp);
	if (fd >= 0)
		close(fd);
	free(tmp);
	free(dir);
	errno = saved;
	return errno == EEXIST ? MX_EEXIST : MX_EIO;
}
