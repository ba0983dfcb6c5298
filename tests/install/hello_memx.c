/* hello_memx.c - a program built against an installed libmemx (pkg-config memx): MemTotal of a profile */
#include <stdio.h>

#include <memx/layout.h>
#include <memx/profile.h>

int main(int argc, char **argv)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_diaglist d;
	int rc = 1;

	mx_profile_init(&p);
	mx_layout_init(&L);
	mx_diaglist_init(&d);
	if (argc == 2 && !mx_profile_load_yaml_file(&p, argv[1], &d) && !mx_layout_compute(&L, &p)) {
		printf("MemTotal: %llu kB\n", (unsigned long long)mx_layout_kib(&L, L.sum.memtotal));
		rc = 0;
	}
	mx_diaglist_release(&d);
	mx_layout_release(&L);
	mx_profile_release(&p);
	return rc;
}
