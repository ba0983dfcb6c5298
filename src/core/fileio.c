/* fileio.c - atomic file writes: temporary file in the same directory, fsync, rename */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memx/buf.h"
#include "memx/profile.h"

/* After a rename, fsync the directory so the new name survives a power cut. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash) {
		dir = strdup(".");
	} else {
		dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	}
	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int mx_file_write_atomic(const char *path, const char *data, size_t len, bool force)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, saved;
	size_t off = 0;
	struct stat st;

	if (!tmp)
		return MX_ENOMEM;
	if (!force && lstat(path, &st) == 0) {
		free(tmp);
		errno = EEXIST;
		return MX_EEXIST;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".memx-XXXXXX", 13);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_nofd;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	/* a replaced file keeps its permissions; a new one gets 0644 */
	if (fchmod(fd, force && stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644) || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
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
	sync_dir(path);
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_nofd:
	saved = errno;
	free(tmp);
	errno = saved;
	return errno == EEXIST ? MX_EEXIST : MX_EIO;
}

int mx_file_read(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct mx_buf b;
	char chunk[65536];
	size_t n;

	*out = NULL;
	*len = 0;
	if (!f)
		return errno == ENOENT ? MX_ENOENT : MX_EIO;
	mx_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (mx_buf_add(&b, chunk, n))
			break;
	if (ferror(f) || b.failed) {
		int e = b.failed ? MX_ENOMEM : MX_EIO;

		fclose(f);
		mx_buf_release(&b);
		return e;
	}
	fclose(f);
	*out = mx_buf_detach(&b, len);
	return *out ? 0 : MX_ENOMEM;
}
