/* test_atomic_write.c - mx_file_write_atomic(): refusals, failures, umask, a killed write's leftovers */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/memx-test-write-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static void rm_rf(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!lstat(path, &st) && S_ISDIR(st.st_mode)) {
			chmod(path, 0755);
			rm_rf(path);
		} else {
			unlink(path);
		}
	}
	closedir(d);
	rmdir(dir);
}

static int teardown_dir(void **state)
{
	(void)state;
	rm_rf(tmpdir);
	return 0;
}

static const char *in_dir(const char *name)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

/* Entries of @dir, "." and ".." left out. */
static size_t count_entries(const char *dir, size_t *ntemp)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	*ntemp = 0;
	assert_non_null(d);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		n++;
		*ntemp += strstr(de->d_name, ".memx-") != NULL;
	}
	closedir(d);
	return n;
}

static void assert_file(const char *path, const char *data, size_t len)
{
	char *got;
	size_t glen;

	assert_int_equal(mx_file_read(path, &got, &glen), 0);
	assert_int_equal(glen, len);
	assert_memory_equal(got, data, len);
	free(got);
}

static void test_atomic_create_and_refuse(void **state)
{
	static const char one[] = "first\0with a NUL\n\xff\xfe";
	static const char two[] = "second, shorter";
	char path[512];
	struct stat st;
	size_t ntemp;

	(void)state;
	snprintf(path, sizeof(path), "%s", in_dir("p.yaml"));
	assert_int_equal(mx_file_write_atomic(path, one, sizeof(one) - 1, false), 0);
	assert_file(path, one, sizeof(one) - 1);
	assert_int_equal(stat(path, &st), 0);
	{
		mode_t um = umask(022);

		umask(um);
		assert_int_equal(st.st_mode & 0777, 0666 & ~um);
	}
	assert_int_equal(st.st_nlink, 1); /* the link()ed temporary is gone */

	/* no force: refused, old bytes intact, nothing left behind */
	errno = 0;
	assert_int_equal(mx_file_write_atomic(path, two, sizeof(two) - 1, false), MX_EEXIST);
	assert_int_equal(errno, EEXIST);
	assert_file(path, one, sizeof(one) - 1);
	assert_int_equal(count_entries(tmpdir, &ntemp), 1);
	assert_int_equal(ntemp, 0);

	/* force: replaced */
	assert_int_equal(mx_file_write_atomic(path, two, sizeof(two) - 1, true), 0);
	assert_file(path, two, sizeof(two) - 1);
	assert_int_equal(count_entries(tmpdir, &ntemp), 1);
	assert_int_equal(ntemp, 0);

	/* empty content */
	assert_int_equal(mx_file_write_atomic(path, "", 0, true), 0);
	assert_file(path, "", 0);
	unlink(path);
}

static void test_atomic_failures(void **state)
{
	static const char data[] = "arch: arm\n";
	char path[512], sub[256];
	size_t ntemp;

	(void)state;
	/* no such directory: nothing can be created */
	snprintf(path, sizeof(path), "%s", in_dir("missing/p.yaml"));
	assert_int_equal(mx_file_write_atomic(path, data, sizeof(data) - 1, true), MX_EIO);
	assert_int_equal(count_entries(tmpdir, &ntemp), 0);

	/* the target is a directory: refused before anything is written, even with force */
	snprintf(sub, sizeof(sub), "%s", in_dir("adir"));
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(mx_file_write_atomic(sub, data, sizeof(data) - 1, false), MX_EISDIR);
	assert_int_equal(mx_file_write_atomic(sub, data, sizeof(data) - 1, true), MX_EISDIR);
	assert_int_equal(count_entries(tmpdir, &ntemp), 1);
	assert_int_equal(ntemp, 0);
	rmdir(sub);

	/* a dangling symlink is a file that exists; force replaces the link, not its target */
	snprintf(path, sizeof(path), "%s", in_dir("link.yaml"));
	assert_int_equal(symlink(in_dir("nowhere"), path), 0);
	snprintf(path, sizeof(path), "%s", in_dir("link.yaml"));
	assert_int_equal(mx_file_write_atomic(path, data, sizeof(data) - 1, false), MX_EEXIST);
	assert_int_equal(mx_file_write_atomic(path, data, sizeof(data) - 1, true), 0);
	assert_file(path, data, sizeof(data) - 1);
	assert_int_equal(access(in_dir("nowhere"), F_OK), -1);
	unlink(path);

	/*
	 * An unwritable directory. Root writes anyway, so as root the write
	 * is tried from a child that has become "nobody".
	 */
	snprintf(sub, sizeof(sub), "%s", in_dir("ro"));
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/p.yaml", sub);
	assert_int_equal(mx_file_write_atomic(path, "old", 3, false), 0);
	assert_int_equal(chmod(sub, 0555), 0);
	if (geteuid() != 0) {
		assert_int_equal(mx_file_write_atomic(path, data, sizeof(data) - 1, true), MX_EIO);
		assert_int_equal(errno, EACCES);
	} else {
		pid_t pid;
		int status;

		assert_int_equal(chmod(tmpdir, 0755), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			if (setgid(65534) || setuid(65534))
				_exit(3);
			if (mx_file_write_atomic(path, data, sizeof(data) - 1, true) != MX_EIO)
				_exit(1);
			_exit(errno == EACCES ? 0 : 2);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == 3)
			print_message("cannot drop root: the unwritable-directory case is skipped\n");
		else
			assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_file(path, "old", 3);
	assert_int_equal(count_entries(sub, &ntemp), 1);
	assert_int_equal(ntemp, 0);
	chmod(sub, 0755);
	unlink(path);
	rmdir(sub);
}

/*
 * What is not a regular file is never replaced, with or without force: a
 * rename over /dev/null (as root) or a FIFO would put a file in its place.
 */
static void test_atomic_not_regular(void **state)
{
	char path[512];
	struct stat st;
	size_t ntemp;

	(void)state;
	snprintf(path, sizeof(path), "%s", in_dir("fifo"));
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(mx_file_write_atomic(path, "x", 1, false), MX_ENOTREG);
	assert_int_equal(mx_file_write_atomic(path, "x", 1, true), MX_ENOTREG);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	/* a symbolic link is judged by what it names */
	snprintf(path, sizeof(path), "%s", in_dir("null"));
	assert_int_equal(symlink("/dev/null", path), 0);
	assert_int_equal(mx_file_write_atomic(path, "x", 1, true), MX_ENOTREG);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	if (!access("/dev/null", W_OK)) {
		assert_int_equal(mx_file_write_atomic("/dev/null", "x", 1, true), MX_ENOTREG);
		assert_int_equal(stat("/dev/null", &st), 0);
		assert_true(S_ISCHR(st.st_mode));
	}
	assert_int_equal(count_entries(tmpdir, &ntemp), 2);
	assert_int_equal(ntemp, 0);
}

/* A new file is 0666 less the umask, as any program's; a replaced one keeps its mode. */
static void test_atomic_umask(void **state)
{
	static const mode_t masks[] = { 022, 077, 002, 0 };
	char path[512];
	struct stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		mode_t old = umask(masks[i]);

		snprintf(path, sizeof(path), "%s/u%zu", tmpdir, i);
		assert_int_equal(mx_file_write_atomic(path, "x", 1, false), 0);
		umask(old);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0666 & ~masks[i]);
	}
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(mx_file_write_atomic(path, "y", 1, true), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
}

/*
 * A write killed between its temporary and the rename leaves
 * NAME.memx-XXXXXX; the next write to NAME removes it. The temporary of a
 * write still running (it holds a lock on it) is left alone, and so is
 * anything else that only looks alike.
 */
static void test_atomic_leftovers(void **state)
{
	static const char *const keep[] = {
		"out.txt.memx-ab", "out.txt.memx-abcdef1", "out.txt.memx-abc_ef", "other.memx-abcdef",
		"out.txt.memx-dir123",
	};
	char path[512], live[512], t[512];
	int ready[2], go[2], st; /* two pipes: one of each direction, or a side reads its own byte */
	size_t ntemp;
	pid_t pid;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		snprintf(t, sizeof(t), "%s/out.txt.memx-%s", tmpdir, i == 0 ? "Ab9xYz" : i == 1 ? "000000" : "zzzzzz");
		assert_non_null(f = fopen(t, "w"));
		fputs("half a report", f);
		fclose(f);
	}
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		snprintf(t, sizeof(t), "%s/%s", tmpdir, keep[i]);
		if (strstr(keep[i], "dir"))
			assert_int_equal(mkdir(t, 0755), 0);
		else
			assert_non_null(f = fopen(t, "w")), fclose(f);
	}
	/* a live write: a child holds the lock on its temporary until told to go */
	snprintf(live, sizeof(live), "%s/out.txt.memx-L1v3L1", tmpdir);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open(live, O_WRONLY | O_CREAT | O_EXCL, 0644);
		char c;

		if (fd < 0 || flock(fd, LOCK_EX))
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	{
		char c;

		assert_int_equal(read(ready[0], &c, 1), 1);
	}
	snprintf(path, sizeof(path), "%s", in_dir("out.txt"));
	assert_int_equal(mx_file_write_atomic(path, "done", 4, false), 0);
	assert_file(path, "done", 4);
	/* the three leftovers are gone; the live one and the look-alikes stay */
	assert_int_equal(count_entries(tmpdir, &ntemp), 1 + 1 + sizeof(keep) / sizeof(keep[0]));
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	/* now that it is dead, the next write takes it */
	assert_int_equal(mx_file_write_atomic(path, "again", 5, true), 0);
	assert_int_equal(access(live, F_OK), -1);
	snprintf(t, sizeof(t), "%s/out.txt.memx-dir123", tmpdir);
	rmdir(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_atomic_create_and_refuse, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_atomic_failures, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_atomic_not_regular, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_atomic_umask, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_atomic_leftovers, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
