/*
 * fuzz_export_dtc.c - libFuzzer target: a profile (YAML) exported as a
 * standalone DTS, and dtc run on the export.
 *
 * Every export must compile, or have been refused before anything was
 * written (mx_dts_export returning an error): what memx writes for a board's
 * device tree is never something dtc rejects, whatever the profile said.
 * dtc runs as a subprocess (the export goes to its stdin), only for the
 * inputs that load and export; a rejected export is printed and aborts.
 * The export is also compiled in-process (mxi_dts_compile): a blob from it
 * must be dtc's, byte for byte.
 * Without dtc the target says SKIPPED and exits 77 (ctest: Skipped).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_known.h"
#include "memx/dts.h"
#include "memx/profile.h"
#include "fuzz_check.h"
#include "../../src/formats/dt_internal.h"

#define MAX_INPUT (16 * 1024)

extern char **environ;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Run dtc on @dts (to /dev/null); its exit status, or -1 when it could not
 * run. stderr goes to @err (a file the caller prints on failure).
 */
static int run_dtc(const char *dts, size_t len, FILE *err, char *out)
{
	static char a0[] = "dtc", a1[] = "-q", a2[] = "-I", a3[] = "dts", a4[] = "-O", a5[] = "dtb",
		    a6[] = "-o", a8[] = "-";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, out, a8, NULL };
	posix_spawn_file_actions_t fa;
	int in[2], st;
	pid_t pid;
	size_t off = 0;

	if (pipe(in))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(err), 2);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	if (posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(in[0]);
		close(in[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	while (off < len) {
		ssize_t n = write(in[1], dts + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* dtc stopped reading: its status says why */
		off += (size_t)n;
	}
	close(in[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static char devnull[] = "/dev/null", dtb_path[] = "/tmp/memx-fuzz-export-XXXXXX";

static void remove_dtb(void)
{
	unlink(dtb_path);
}

static void need_dtc(void)
{
	static int have = -1;
	FILE *null;

	if (have >= 0)
		return;
	signal(SIGPIPE, SIG_IGN); /* dtc may stop reading early */
	null = fopen("/dev/null", "w");
	have = null && run_dtc("/dts-v1/; / { };", 16, null, devnull) == 0;
	if (null)
		fclose(null);
	if (!have) {
		fprintf(stderr, "SKIPPED: dtc is not installed (or does not run): exports not compiled\n");
		exit(77);
	}
	int fd = mkstemp(dtb_path);

	CHECK(fd >= 0);
	close(fd);
	atexit(remove_dtb);
}

/*
 * The in-process compile of the export (src/formats/dts_compile*.c): when it
 * writes a blob, dtc accepted the text and wrote the same bytes.
 */
static void same_as_dtc(const char *dts, size_t len, int dtc_status)
{
	void *blob = NULL;
	size_t n = 0, got;
	int rc = mxi_dts_compile(dts, len, &blob, &n, NULL);

	CHECK(rc == 0 || rc == MXI_DTS_FALLBACK || rc == MX_ENOMEM);
	if (!rc) {
		FILE *f = fopen(dtb_path, "rb");
		char *ref = malloc(n + 1);

		CHECK(dtc_status == 0 && f && ref);
		got = fread(ref, 1, n + 1, f);
		fclose(f);
		CHECK(got == n && !memcmp(ref, blob, n));
		free(ref);
	}
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_profile p;
	struct mx_buf b;
	int r;

	if (size > MAX_INPUT)
		return -1;
	need_dtc();
	mx_profile_init(&p);
	if (mx_profile_load_yaml(&p, (const char *)data, size, "fuzz.yaml", NULL) ||
	    fuzz_known_duplicate_names(&p)) {
		mx_profile_release(&p);
		return 0;
	}
	mx_buf_init(&b);
	r = mx_dts_export(&p, NULL, MX_DTS_NODE, true, &b);
	CHECK(r == 0 || r == MX_ENOMEM || r == MX_EPARSE || r == MX_EINVAL || r == MX_ERANGE);
	if (!r) {
		FILE *err = tmpfile();
		int st;

		CHECK(err);
		st = run_dtc(b.buf, b.len, err, dtb_path);
		if (st) {
			char line[512];

			fprintf(stderr, "dtc exited %d on the export:\n%s\n", st, b.buf);
			rewind(err);
			while (fgets(line, sizeof(line), err))
				fprintf(stderr, "dtc: %s", line);
		}
		fclose(err);
		CHECK(st == 0);
		same_as_dtc(b.buf, b.len, st);
	}
	mx_buf_release(&b);
	mx_profile_release(&p);
	return 0;
}
