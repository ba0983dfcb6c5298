/* undo.c - unlimited undo/redo as a list of profile snapshots */
#include <stdlib.h>

#include "tui.h"

void undo_init(struct undo *u)
{
	u->snap = NULL;
	u->n = u->max = u->pos = 0;
}

void undo_release(struct undo *u)
{
	for (size_t i = 0; i < u->n; i++)
		mx_profile_release(&u->snap[i]);
	free(u->snap);
	undo_init(u);
}

/* A new edit: drop the redo steps, remember @p. */
int undo_push(struct undo *u, const struct mx_profile *p)
{
	while (u->n > u->pos)
		mx_profile_release(&u->snap[--u->n]);
	if (u->n == u->max) {
		size_t m = u->max ? u->max * 2 : 16;
		struct mx_profile *s = realloc(u->snap, m * sizeof(*s));

		if (!s)
			return MX_ENOMEM;
		u->snap = s;
		u->max = m;
	}
	mx_profile_init(&u->snap[u->n]);
	if (mx_profile_copy(&u->snap[u->n], p))
		return MX_ENOMEM;
	u->n++;
	u->pos = u->n;
	return 0;
}

static void swap(struct mx_profile *a, struct mx_profile *b)
{
	struct mx_profile t = *a;

	*a = *b;
	*b = t;
}

bool undo_back(struct undo *u, struct mx_profile *p)
{
	if (!u->pos)
		return false;
	u->pos--;
	swap(&u->snap[u->pos], p);
	return true;
}

bool undo_forward(struct undo *u, struct mx_profile *p)
{
	if (u->pos == u->n)
		return false;
	swap(&u->snap[u->pos], p);
	u->pos++;
	return true;
}
