/* test_fileio.c - mx_file_read_max(): what an input may be (limits, not files, FIFOs) */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "memx/profile.h"
#include "memx/types.h"

static char rdir[64];

static int setup_rdir(void **state)
{
	(void)state;
	snprintf(rdir, sizeof(rdir), "/tmp/memx-test-read-XXXXXX");
	return mkdtemp(rdir) ? 0 : -1;
}

static int teardown_rdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *in_rdir(const char *name)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s/%s", rdir, name);
	return buf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A regular file up to the limit is read whole; one byte more is refused. */
static void read_limits(void **state)
{
	char path[256], *out = (char *)1;
	size_t len = 99;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s", in_rdir("f"));
	assert_non_null(f = fopen(path, "wb"));
	for (int i = 0; i < 100; i++)
		fputc('a' + i % 26, f);
	fclose(f);
	assert_int_equal(mx_file_read_max(path, 100, &out, &len), 0);
	assert_int_equal(len, 100);
	assert_int_equal(out[100], '\0');
	assert_int_equal(out[99], 'a' + 99 % 26);
	free(out);
	assert_int_equal(mx_file_read_max(path, 99, &out, &len), MX_ETOOBIG);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(mx_file_read(path, &out, &len), 0);
	free(out);
	/* a file used as a directory on the path: no such file, not an I/O error */
	{
		char below[300];

		snprintf(below, sizeof(below), "%s/x.dts", path);
		assert_int_equal(mx_file_read(below, &out, &len), MX_ENOENT);
		assert_null(out);
	}
	/* empty */
	assert_non_null(f = fopen(path, "wb"));
	fclose(f);
	assert_int_equal(mx_file_read_max(path, 0, &out, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(mx_file_read(in_rdir("missing"), &out, &len), MX_ENOENT);
}

/* A directory, /dev/zero and /dev/null are not inputs: refused before a byte is read. */
static void read_not_files(void **state)
{
	char *out;
	size_t len;
	double t0 = now();

	(void)state;
	assert_int_equal(mx_file_read(rdir, &out, &len), MX_EISDIR);
	assert_null(out);
	if (!access("/dev/zero", R_OK))
		assert_int_equal(mx_file_read("/dev/zero", &out, &len), MX_ENOTREG);
	if (!access("/dev/null", R_OK))
		assert_int_equal(mx_file_read("/dev/null", &out, &len), MX_ENOTREG);
	assert_true(now() - t0 < 5);
}

/*
 * The child writing @blocks blocks of 1000 bytes @c into the FIFO @path (0:
 * without end), then exiting. A reader that opened and found no writer yet
 * (an empty FIFO, closed again) leaves the writer's writes with EPIPE: it
 * opens again and starts over, so the test does not hang on that race.
 */
static void fifo_writer(const char *path, char c, int blocks)
{
	char block[1000];

	signal(SIGPIPE, SIG_IGN);
	memset(block, c, sizeof(block));
	for (;;) {
		int fd = open(path, O_WRONLY), i;

		if (fd < 0)
			_exit(1);
		for (i = 0; !blocks || i < blocks; i++)
			if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block))
				break;
		close(fd);
		if (blocks && i == blocks)
			_exit(0);
	}
}

/*
 * A FIFO nobody writes to reads as empty at once (opening it for reading
 * would wait for a writer); one with a writer is read to its end, with the
 * limit: a writer that never stops (yes > fifo) is cut off, not read forever.
 */
static void read_fifos(void **state)
{
	char path[256], *out;
	size_t len;
	pid_t pid;
	int st;
	double t0;

	(void)state;
	snprintf(path, sizeof(path), "%s", in_rdir("fifo"));
	assert_int_equal(mkfifo(path, 0600), 0);
	t0 = now();
	assert_int_equal(mx_file_read(path, &out, &len), 0);
	assert_int_equal(len, 0);
	free(out);
	assert_true(now() - t0 < 5);

	/* a writer of 300000 bytes (more than a pipe holds, and than the first buffer) */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		fifo_writer(path, 'x', 300);
	do {
		assert_int_equal(mx_file_read(path, &out, &len), 0);
		if (len != 300000)
			free(out); /* the writer had not opened it yet, or started again */
	} while (len != 300000 && now() - t0 < 20);
	assert_int_equal(len, 300000);
	assert_int_equal(strspn(out, "x"), 300000);
	free(out);
	assert_int_equal(waitpid(pid, &st, 0), pid);

	/* a writer that never stops: MX_ETOOBIG at the limit */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		fifo_writer(path, 'y', 0);
	do
		st = mx_file_read_max(path, 1 << 20, &out, &len);
	while (!st && !len && (free(out), now() - t0 < 20));
	assert_int_equal(st, MX_ETOOBIG);
	assert_null(out);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(read_limits, setup_rdir, teardown_rdir),
		cmocka_unit_test_setup_teardown(read_not_files, setup_rdir, teardown_rdir),
		cmocka_unit_test_setup_teardown(read_fifos, setup_rdir, teardown_rdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
