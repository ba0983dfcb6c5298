/* dt_scan_table.c - what a DTS scan learns: node positions by path, labels, the file names they point at */
#include <stdlib.h>
#include <string.h>

#include "dt_internal.h"

/* --- the two hash maps: path -> node, label -> path ------------------------------------- */

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Slot of @key in @slots (an index + 1 there, or 0 where it would go). */
static size_t *slot(size_t *slots, size_t nslots, const char *key, const char *(*at)(const struct mxi_dts_scan *, size_t),
		    const struct mxi_dts_scan *s)
{
	size_t i = (size_t)(fnv(key) & (nslots - 1));

	while (slots[i] && strcmp(at(s, slots[i] - 1), key))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static const char *path_at(const struct mxi_dts_scan *s, size_t i)
{
	return s->v[i].path;
}

static const char *label_at(const struct mxi_dts_scan *s, size_t i)
{
	return s->labels[2 * i];
}

static int rehash(size_t **slots, size_t *nslots, size_t n, const char *(*at)(const struct mxi_dts_scan *, size_t),
		  const struct mxi_dts_scan *s)
{
	size_t ns = *nslots ? *nslots * 2 : 64, *nv;

	if (n * 2 < *nslots)
		return 0;
	while (ns < n * 2)
		ns *= 2;
	if (!(nv = calloc(ns, sizeof(*nv))))
		return MX_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (at(s, i))
			*slot(nv, ns, at(s, i), at, s) = i + 1;
	free(*slots);
	*slots = nv;
	*nslots = ns;
	return 0;
}

void mxi_dts_scan_init(struct mxi_dts_scan *s)
{
	memset(s, 0, sizeof(*s));
}

void mxi_dts_scan_release(struct mxi_dts_scan *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].label);
	}
	free(s->v);
	for (size_t i = 0; i < 2 * s->nlabels; i++)
		free(s->labels[i]);
	free(s->labels);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	free(s->slots);
	free(s->lslots);
	memset(s, 0, sizeof(*s));
}

static struct mx_dts_pos *find(const struct mxi_dts_scan *s, const char *path)
{
	size_t k;

	if (!s->nslots)
		return NULL;
	k = *slot(s->slots, s->nslots, path, path_at, s);
	return k ? &s->v[k - 1] : NULL;
}

const struct mx_dts_pos *mxi_dts_scan_find(const struct mxi_dts_scan *s, const char *path)
{
	const struct mx_dts_pos *p = find(s, path);

	return p && !p->deleted ? p : NULL;
}

const char *mxi_dts_scan_label(const struct mxi_dts_scan *s, const char *label)
{
	size_t k;

	if (!s->nlslots)
		return NULL;
	k = *slot(s->lslots, s->nlslots, label, label_at, s);
	return k ? s->labels[2 * (k - 1) + 1] : NULL;
}

const char *mxi_dts_scan_intern(struct mxi_dts_scan *s, const char *file)
{
	char **v;

	for (size_t i = s->nfiles; i-- > 0; )
		if (!strcmp(s->files[i], file))
			return s->files[i];
	if (!(v = realloc(s->files, (s->nfiles + 1) * sizeof(*v))))
		return NULL;
	s->files = v;
	if (!(v[s->nfiles] = strdup(file)))
		return NULL;
	return v[s->nfiles++];
}

static int add_label(struct mxi_dts_scan *s, const char *label, const char *path)
{
	char **v;

	if (mxi_dts_scan_label(s, label))
		return 0; /* dtc refuses a duplicate label itself */
	if (s->nlabels == s->maxlabels) {
		size_t m = s->maxlabels ? 2 * s->maxlabels : 64;

		if (!(v = realloc(s->labels, 2 * m * sizeof(*v))))
			return MX_ENOMEM;
		s->labels = v;
		s->maxlabels = m;
	}
	if (!(s->labels[2 * s->nlabels] = strdup(label)) ||
	    !(s->labels[2 * s->nlabels + 1] = strdup(path))) {
		free(s->labels[2 * s->nlabels]);
		return MX_ENOMEM;
	}
	s->nlabels++;
	return rehash(&s->lslots, &s->nlslots, s->nlabels, label_at, s) ? MX_ENOMEM :
	       (*slot(s->lslots, s->nlslots, label, label_at, s) = s->nlabels, 0);
}

int mxi_dts_scan_add(struct mxi_dts_scan *s, const char *path, const char *file, int line, int col,
		     const char *label)
{
	struct mx_dts_pos *p = find(s, path);
	const char *f;

	if (p) {
		/* dtc keeps the first position, also for a node deleted and written again */
		p->deleted = false;
		if (label && !p->label && !(p->label = strdup(label)))
			return MX_ENOMEM;
		return 0;
	}
	if (!(f = mxi_dts_scan_intern(s, file)))
		return MX_ENOMEM;
	if (s->n == s->max) {
		size_t m = s->max ? 2 * s->max : 256;
		struct mx_dts_pos *v = realloc(s->v, m * sizeof(*v));

		if (!v)
			return MX_ENOMEM;
		s->v = v;
		s->max = m;
	}
	p = &s->v[s->n];
	memset(p, 0, sizeof(*p));
	p->file = f;
	p->line = line;
	p->col = col;
	if (!(p->path = strdup(path)) || (label && !(p->label = strdup(label)))) {
		free(p->path);
		return MX_ENOMEM;
	}
	s->n++;
	if (rehash(&s->slots, &s->nslots, s->n, path_at, s))
		return MX_ENOMEM;
	*slot(s->slots, s->nslots, path, path_at, s) = s->n;
	return 0;
}

/* /delete-node/: the node and its subtree are gone, and with them their labels (dtc keeps none). */
void mxi_dts_scan_delete(struct mxi_dts_scan *s, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < s->n; i++)
		if (!strncmp(s->v[i].path, path, n) && (s->v[i].path[n] == '\0' || s->v[i].path[n] == '/')) {
			s->v[i].deleted = true;
			free(s->v[i].label);
			s->v[i].label = NULL;
		}
	for (size_t i = 0; i < s->nlabels; i++) {
		const char *lp = s->labels[2 * i + 1];

		if (lp && !strncmp(lp, path, n) && (lp[n] == '\0' || lp[n] == '/')) {
			free(s->labels[2 * i + 1]);
			s->labels[2 * i + 1] = NULL;
		}
	}
	/* a removed label must not be found: rebuild the label hash without it */
	memset(s->lslots, 0, s->nlslots * sizeof(*s->lslots));
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[2 * i + 1])
			*slot(s->lslots, s->nlslots, s->labels[2 * i], label_at, s) = i + 1;
}

int mxi_dts_scan_define(struct mxi_dts_scan *s, const char *path, const char *file, int line, int col,
			char *const *labels, size_t nlabels)
{
	if (mxi_dts_scan_add(s, path, file, line, col, nlabels ? labels[0] : NULL))
		return MX_ENOMEM;
	if (nlabels) {
		struct mx_dts_pos *p = find(s, path);

		/* dtc puts a definition's labels first: its first label is the node's first */
		if (p && (!p->label || strcmp(p->label, labels[0]))) {
			char *l = strdup(labels[0]);

			if (!l)
				return MX_ENOMEM;
			free(p->label);
			p->label = l;
		}
	}
	for (size_t i = 0; i < nlabels; i++)
		if (add_label(s, labels[i], path))
			return MX_ENOMEM;
	return 0;
}
