/* dt_run.c - running cpp and dtc: captured output, a time and memory limit, one line when they fail */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dt_internal.h"

extern char **environ;

#define DEFAULT_SECONDS 60u
#define DEFAULT_BYTES (2ULL << 30)

/* What the tools may use: the options' limits, or memx's defaults. */
static void limits(const struct mx_import_opts *o, unsigned *secs, uint64_t *bytes)
{
	*secs = o && o->limit_seconds ? o->limit_seconds : DEFAULT_SECONDS;
	*bytes = o && o->limit_bytes ? o->limit_bytes : DEFAULT_BYTES;
}

/*
 * The program execvp() would run, looked up here so the child does nothing
 * but dup2, setrlimit and execve between fork and exec. NULL: not found
 * (*err says why).
 */
static char *find_program(const char *name, int *err)
{
	const char *path = getenv("PATH");
	struct mx_buf b;

	*err = ENOENT;
	if (strchr(name, '/')) {
		if (access(name, X_OK)) {
			*err = errno;
			return NULL;
		}
		*err = 0;
		return strdup(name);
	}
	mx_buf_init(&b);
	for (const char *s = path ? path : "/usr/bin:/bin"; ; ) {
		const char *e = strchr(s, ':');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		struct stat st;

		mx_buf_clear(&b);
		mx_buf_addf(&b, "%.*s%s%s", (int)n, s, n ? "/" : "", name);
		if (b.failed) {
			*err = ENOMEM;
			break;
		}
		if (!stat(b.buf, &st) && S_ISREG(st.st_mode) && !access(b.buf, X_OK)) {
			*err = 0;
			return mx_buf_detach(&b, NULL);
		}
		if (!e)
			break;
		s = e + 1;
	}
	mx_buf_release(&b);
	return NULL;
}

/* pipe() with both ends closed on exec (pipe2() is not POSIX) */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd))
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void drain(int *fd, struct mx_buf *b)
{
	char buf[65536];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n > 0) {
		mx_buf_add(b, buf, (size_t)n);
	} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		close(*fd);
		*fd = -1;
	}
}

int mxi_run(char *const argv[], const struct mx_import_opts *o, struct mxi_run *r)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, st = 0, devnull;
	unsigned secs;
	uint64_t bytes;
	char *prog;
	double deadline;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	mx_buf_init(&r->out);
	mx_buf_init(&r->err);
	r->status = -1;
	r->tool = argv[0];
	limits(o, &secs, &bytes);
	r->limit_seconds = secs;
	r->limit_bytes = bytes;
	if (!(prog = find_program(argv[0], &r->spawn_errno)))
		return r->spawn_errno == ENOMEM ? MX_ENOMEM : 0;
	if ((devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0 || cloexec_pipe(out) ||
	    cloexec_pipe(err)) {
		r->spawn_errno = errno;
		goto closed;
	}
	pid = fork();
	if (pid < 0) {
		r->spawn_errno = errno;
		goto closed;
	}
	if (pid == 0) {
		/* the child: its own process group (cpp's cc1 dies with it), limits, no terminal */
		struct rlimit cpu = { secs, secs + 1 }, as = { bytes, bytes };

		setpgid(0, 0);
		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_AS, &as);
		if (dup2(devnull, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
		    dup2(err[1], STDERR_FILENO) < 0)
			_exit(127);
		execve(prog, argv, environ);
		_exit(127);
	}
	setpgid(pid, pid);
	close(out[1]);
	close(err[1]);
	out[1] = err[1] = -1;
	deadline = now() + secs;
	while (out[0] >= 0 || err[0] >= 0) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
		double left = deadline - now();
		int n;

		if (left <= 0) {
			/* wall-clock limit: the whole group, so a stuck cc1 goes too */
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			r->timed_out = true;
			break;
		}
		n = poll(p, 2, left > 1 ? 1000 : (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			break;
		if (out[0] >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			drain(&out[0], &r->out);
		if (err[0] >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			drain(&err[0], &r->err);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st)) {
		r->status = WEXITSTATUS(st);
		if (r->status == 127 && !r->err.len)
			r->spawn_errno = ENOEXEC;
	} else {
		r->status = 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		r->sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	}
closed:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	if (devnull >= 0)
		close(devnull);
	free(prog);
	return r->out.failed || r->err.failed ? MX_ENOMEM : 0;
}

void mxi_run_release(struct mxi_run *r)
{
	mx_buf_release(&r->out);
	mx_buf_release(&r->err);
}

bool mxi_run_ended_badly(struct mx_diaglist *d, const struct mx_srcpos *pos, const struct mxi_run *r)
{
	const char *t = r->tool;

	if (r->timed_out)
		mx_diag_add(d, MX_SEV_ERROR, NULL, pos, -1, "%s was stopped after %u s (memx's time limit "
			    "for it; an include of a device, or a loop?)", t, r->limit_seconds);
	else if (r->sig == SIGXCPU)
		mx_diag_add(d, MX_SEV_ERROR, NULL, pos, -1, "%s used up its %u s of CPU time (memx's "
			    "limit for it) and was stopped", t, r->limit_seconds);
	else if (r->sig)
		mx_diag_add(d, MX_SEV_ERROR, NULL, pos, -1, "%s died of signal %d (%s)%s", t, r->sig,
			    strsignal(r->sig), r->sig == SIGSEGV || r->sig == SIGABRT || r->sig == SIGKILL ?
			    " - out of memory under memx's limit for it?" : "");
	else if (r->status && !r->err.len)
		mx_diag_add(d, MX_SEV_ERROR, NULL, pos, -1, "%s failed (exit status %d) without a message",
			    t, r->status);
	else
		return false;
	return true;
}
