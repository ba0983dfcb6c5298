/* error.c - error strings and size parsing/formatting */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/types.h"

const char *mx_strerror(int err)
{
	switch (err) {
	case MX_OK: return "success";
	case MX_ENOMEM: return "out of memory";
	case MX_EINVAL: return "invalid argument";
	case MX_EPARSE: return "malformed input";
	case MX_EIO: return "input/output error";
	case MX_ERANGE: return "value out of range";
	case MX_ENOENT: return "no such file or item";
	case MX_EEXIST: return "file exists";
	case MX_ENOSPACE: return "allocation does not fit";
	case MX_EISDIR: return "is a directory";
	case MX_ENOTREG: return "not a regular file (a device or a socket)";
	case MX_EACCES: return "permission denied";
	case MX_ETOOBIG:
		return "larger than memx reads (16 MiB for a profile or device tree, 256 MiB for a boot log)";
	}
	return "unknown error";
}

int mx_size_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	int base = 10, digits = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		int d;
		unsigned char c = (unsigned char)*s;

		if (c == '_')
			continue;
		if (isdigit(c))
			d = c - '0';
		else if (base == 16 && isxdigit(c))
			d = tolower(c) - 'a' + 10;
		else
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return MX_ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
	}
	if (!digits)
		return MX_EPARSE;
	switch (*s) {
	case 'k': case 'K': mult = 1ULL << 10; s++; break;
	case 'm': case 'M': mult = 1ULL << 20; s++; break;
	case 'g': case 'G': mult = 1ULL << 30; s++; break;
	case 't': case 'T': mult = 1ULL << 40; s++; break;
	default: break;
	}
	if (mult > 1) {
		if (s[0] == 'i' && s[1] == 'B')
			s += 2;
		else if (s[0] == 'B')
			s++;
	} else if (s[0] == 'B' && s[1] == '\0') {
		s++;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s)
		return MX_EPARSE;
	if (v && mult > UINT64_MAX / v)
		return MX_ERANGE;
	*out = v * mult;
	return 0;
}

static const char *const size_unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

char *mx_size_exact(uint64_t bytes, char *buf, size_t len)
{
	unsigned u = 0;
	uint64_t v = bytes;

	/* the largest unit that divides the value */
	while (u < 6 && v && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", v, size_unit[u]);
	return buf;
}

char *mx_size_human(uint64_t bytes, char *buf, size_t len)
{
	/* exact when that needs no long number: a whole unit, or under 1 KiB */
	if (!(bytes & 1023) || bytes < 1024)
		return mx_size_exact(bytes, buf, len);
	/* Not exact in a unit with a small number: one decimal, marked. */
	double d = (double)bytes;
	unsigned u = 0;

	while (d >= 1024.0 && u < 6) {
		d /= 1024.0;
		u++;
	}
	snprintf(buf, len, "%.1f %s", d, size_unit[u]);
	return buf;
}
