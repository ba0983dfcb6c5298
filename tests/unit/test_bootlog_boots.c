/* test_bootlog_boots.c - the boot-log reader on files of several boots and copies (src/bootlog/bootlog_copies.c) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_test.h"
#include "memx/types.h"

/* ---- boots and copies --------------------------------------------------------- */

#define BOOT(ver, avail, freed)                                                                 \
	"[    0.000000] Booting Linux on physical CPU 0x0\n"                                    \
	"[    0.000000] Linux version " ver " (gcc) #1 SMP\n"                                     \
	"[    0.000000] memblock_reserve: [0x0000000040210000-0x000000004220ffff] arm64_memblock_init+0x1f0/0x260\n" \
	"[    0.000000] Memory: " avail "K/524288K available (13248K kernel code, 2806K rwdata, 9504K rodata, 6464K init, 627K bss, 44068K reserved, 65536K cma-reserved)\n" \
	"[    0.400000] Freeing initrd memory: " freed "K\n"

static void two_boots_take_the_last(void **state)
{
	static const char log[] = BOOT("6.1.0-a", "1000", "964") "some noise\n" BOOT("6.1.0-b", "2000", "864");
	const struct mx_diag *d;
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 2);
	assert_int_equal(b.boot_line, 8);
	assert_string_equal(b.version, "6.1.0-b");
	assert_int_equal(b.mem.available_k, 2000);
	assert_int_equal(b.mem.line, 10);
	assert_int_equal(b.nfreed, 1);
	assert_int_equal(b.freed[0].kib, 864);
	assert_int_equal(b.nops, 1);
	d = diag_with(&b, MX_SEV_NOTE, "log holds 2 boots; using the one starting at line 8");
	assert_non_null(d);
	assert_int_equal(d->line, 8);
	assert_int_equal(d->col, 1);
	assert_int_equal(b.diags.cnt, 1);
	mx_bootlog_release(&b);
}

/* The same kernel rebooted: the second boot repeats the first one's first lines. */
static void same_kernel_rebooted(void **state)
{
	static const char log[] = BOOT("6.1.0-a", "1000", "964") BOOT("6.1.0-a", "2000", "864");
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 2);
	assert_int_equal(b.boot_line, 7);
	assert_int_equal(b.mem.available_k, 2000);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.nfreed, 1);
	mx_bootlog_release(&b);
}

/* A last boot cut before its Memory line: the one before it is described. */
static void last_complete_boot(void **state)
{
	static const char log[] = BOOT("6.1.0-a", "1000", "964")
		"[    0.000000] Booting Linux on physical CPU 0x0\n"
		"[    0.000000] Linux version 6.1.0-b (gcc) #1 SMP\n"
		"[    0.000000] memblock_reserve: [0x0000000040210000-0x00000000";
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 2);
	assert_int_equal(b.boot_line, 2);
	assert_string_equal(b.version, "6.1.0-a");
	assert_int_equal(b.mem.available_k, 1000);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "using the one starting at line 2, the last to print a Memory line"));
	/* the cut line's warning belongs to the boot not described */
	assert_null(diag_with(&b, MX_SEV_WARNING, ""));
	mx_bootlog_release(&b);

	/* no boot printed its Memory line: the last one */
	{
		static const char none[] =
			"[    0.000000] Linux version 6.1.0-a (gcc) #1 SMP\n"
			"[    0.000000] Linux version 6.1.0-b (gcc) #1 SMP\n";

		PARSE(&b, none);
		assert_int_equal(b.boots, 2);
		assert_int_equal(b.boot_line, 2);
		assert_string_equal(b.version, "6.1.0-b");
		assert_false(b.mem.present);
		assert_false(mx_bootlog_usable(&b));
		mx_bootlog_release(&b);
	}
}

/*
 * `dmesg` printed after the console log and a shell's dumps: the copy is
 * found by its content, wherever it is and whatever surrounds it (the
 * "@@ORACLE" lines here are lines like any other). Lines after the copy,
 * printed later, are read.
 */
static void dmesg_copy_after_dumps(void **state)
{
	static const char log[] = BOOT("6.1.0-a", "1000", "964")
		"@@ORACLE-BEGIN meminfo\n"
		"MemTotal:         487648 kB\n"
		"MemFree:          465596 kB\n"
		"@@ORACLE-END\n"
		"@@ORACLE-BEGIN dmesg\n"
		BOOT("6.1.0-a", "1000", "964")
		"[    5.000000] Freeing something memory: 4K\n"
		"@@ORACLE-END\n"
		"@@ORACLE-DONE\n";
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 1);
	assert_string_equal(b.version, "6.1.0-a");
	assert_int_equal(b.mem.available_k, 1000);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.nmeminfo, 1);
	assert_int_equal(b.nfreed, 2);
	assert_string_equal(b.freed[1].what, "something");
	assert_int_equal(b.diags.cnt, 1);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "lines 11-15 repeat kernel lines already read (a copy of the "
					     "boot starting at line 2)"));
	mx_bootlog_release(&b);
}

/*
 * A whole earlier log copied after a later boot (`cat a.log b.log a.log`):
 * its kernel lines are a copy, and the dumps that came with them go with
 * them - they describe the earlier boot, not the one read last.
 */
static void earlier_log_copied(void **state)
{
#define LOG_A BOOT("6.1.0-a", "1000", "964") \
	"/ # cat /proc/meminfo\nMemTotal:         111111 kB\nMemFree:          100000 kB\n" \
	"/ # cat /sys/kernel/debug/memblock/memory\n   0: 0x0000000040000000..0x000000005fffffff\n"
	static const char log[] = LOG_A
		BOOT("6.1.0-b", "2000", "864")
		"/ # cat /proc/meminfo\nMemTotal:         222222 kB\nMemFree:          200000 kB\n"
		"/ # cat /sys/kernel/debug/memblock/memory\n   0: 0x0000000080000000..0x000000009fffffff\n"
		"/ # \n"
		LOG_A;
#undef LOG_A
	struct mx_bootlog b;
	uint64_t v;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 2);
	assert_string_equal(b.version, "6.1.0-b");
	assert_int_equal(b.nmeminfo, 1);
	assert_true(mx_bootlog_meminfo_get(&b, "MemTotal", &v));
	assert_int_equal(v, 222222);
	assert_int_equal(b.ndbg_memory, 1);
	assert_int_equal(b.dbg_memory[0].base, 0x80000000);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "lines 22-31 repeat kernel lines already read (a copy of the "
					     "boot starting at line 2)"));
	mx_bootlog_release(&b);
}

/* One boot of many_boots(): the first line's CPU, the Memory line's figure, the initrd's size. */
static void add_boot(struct mx_buf *t, unsigned cpu, unsigned avail, unsigned freed)
{
	mx_buf_addf(t, "[    0.000000] Booting Linux on physical CPU 0x%x [0x411fd070]\n", cpu);
	mx_buf_adds(t, "[    0.000000] Linux version 6.1.0-50-arm64 (gcc) #1 SMP\n"
		       "[    0.000000] memblock_reserve: [0x0000000040210000-0x000000004220ffff] arm64_memblock_init+0x1f0/0x260\n");
	mx_buf_addf(t, "[    0.000000] Memory: %uK/524288K available (13248K kernel code, 2806K rwdata, 9504K rodata, "
		       "6464K init, 627K bss, 44068K reserved, 65536K cma-reserved)\n", avail);
	mx_buf_addf(t, "[    0.400000] Freeing initrd memory: %uK\n"
		       "[    1.278896] Freeing unused kernel memory: 6464K\n", freed);
}

/* The `dmesg` copy of add_boot()'s boot, after a shell prompt. */
static void add_dmesg(struct mx_buf *t, unsigned cpu, unsigned avail, unsigned freed)
{
	mx_buf_adds(t, "/ # dmesg\n");
	add_boot(t, cpu, avail, freed);
	mx_buf_adds(t, "/ # \n");
}

/*
 * Many boots in one file (logs concatenated, a board rebooted): each
 * "Linux version" line starts a boot, and a boot whose lines differ from
 * every boot before it is a boot, wherever the difference is, even before
 * its "Linux version" line. A boot's `dmesg` copy, or a copy of an earlier
 * boot, is not one.
 */
static void many_boots(void **state)
{
	struct mx_bootlog b;
	struct mx_buf t;

	(void)state;
	mx_buf_init(&t);
	/* the figure that differs is the CPU of the line before "Linux version" */
	for (unsigned i = 0; i < 73; i++)
		add_boot(&t, i, 1000, 964);
	parse_n(&b, t.buf, t.len);
	print_diags(&b);
	assert_int_equal(b.boots, 73);
	assert_int_equal(b.boot_line, 72 * 6 + 2);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.nfreed, 2);
	assert_int_equal(b.diags.cnt, 1);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "log holds 73 boots; using the one starting at line 434"));
	mx_bootlog_release(&b);

	/* the figure that differs is in the Memory line */
	mx_buf_clear(&t);
	for (unsigned i = 0; i < 73; i++)
		add_boot(&t, 0, 1000 + i, 964);
	parse_n(&b, t.buf, t.len);
	assert_int_equal(b.boots, 73);
	assert_int_equal(b.mem.available_k, 1072);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.diags.cnt, 1);
	mx_bootlog_release(&b);

	/* the figure that differs is in the last line of the boot */
	mx_buf_clear(&t);
	for (unsigned i = 0; i < 73; i++) {
		add_boot(&t, 0, 1000, 964);
		mx_buf_addf(&t, "[    1.296127]     TERM=linux%u\n", i);
	}
	parse_n(&b, t.buf, t.len);
	assert_int_equal(b.boots, 73);
	mx_bootlog_release(&b);

	/* each boot followed by its dmesg, then a copy of an earlier boot: 73 boots, 74 copies */
	mx_buf_clear(&t);
	for (unsigned i = 0; i < 73; i++) {
		add_boot(&t, 0, 1000 + i, 900 + i);
		add_dmesg(&t, 0, 1000 + i, 900 + i);
	}
	add_dmesg(&t, 0, 1010, 910);
	parse_n(&b, t.buf, t.len);
	print_diags(&b);
	assert_int_equal(b.boots, 73);
	assert_int_equal(b.mem.available_k, 1072);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.nfreed, 2);
	assert_int_equal(b.freed[0].kib, 972);
	/* the boots note and the first 20 copy notes: the last of them names boot 20's lines */
	assert_int_equal(b.diags.cnt, 21);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "lines 274-279 repeat kernel lines already read (a copy of "
					     "the boot starting at line 268)"));
	mx_bootlog_release(&b);
	mx_buf_release(&t);
}

/* `dmesg` typed at the shell: the same lines at the same times, read once. */
static void plain_dmesg_copy(void **state)
{
	static const char log[] = BOOT("6.1.0-a", "1000", "964")
		"[    0.500000] printk: console [ttyAMA0] enabled\n"
		"[    0.500000] printk: console [ttyAMA0] enabled\n"
		"[    0.600000] Freeing unused kernel memory: 6464K\n"
		"/ # dmesg\n"
		BOOT("6.1.0-a", "1000", "964")
		"[    0.500000] printk: console [ttyAMA0] enabled\n"
		"[    0.600000] Freeing unused kernel memory: 6464K\n"
		"/ # \n"
		"[    9.000000] Freeing something memory: 4K\n";
	const struct mx_diag *d;
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.boots, 1);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.nfreed, 3);
	assert_string_equal(b.freed[2].what, "something");
	d = diag_with(&b, MX_SEV_NOTE, "lines 10-16 repeat kernel lines already read");
	assert_non_null(d);
	assert_int_equal(d->line, 10);
	mx_bootlog_release(&b);
}

/* A copy from a ring buffer that wrapped: no "Linux version" in it, a long run repeated. */
static void wrapped_dmesg_copy(void **state)
{
	struct mx_buf t;
	struct mx_bootlog b;
	size_t first_copy;

	(void)state;
	mx_buf_init(&t);
	mx_buf_adds(&t, "[    0.000000] Linux version 6.1.0-a (gcc) #1 SMP\n");
	for (int i = 0; i < 40; i++)
		mx_buf_addf(&t, "[    0.000000] memblock_reserve: [0x%016x-0x%016x] f+0x1/0x2\n",
			    0x40000000 + i * 0x1000, 0x40000fff + i * 0x1000);
	mx_buf_adds(&t, "[    0.000100] Memory: 1000K/524288K available (1K reserved)\n"
			"[    0.200000] Freeing initrd memory: 964K\n");
	first_copy = t.len;
	for (int i = 20; i < 40; i++)
		mx_buf_addf(&t, "[    0.000000] memblock_reserve: [0x%016x-0x%016x] f+0x1/0x2\n",
			    0x40000000 + i * 0x1000, 0x40000fff + i * 0x1000);
	mx_buf_adds(&t, "[    0.000100] Memory: 1000K/524288K available (1K reserved)\n"
			"[    0.200000] Freeing initrd memory: 964K\n");
	parse_n(&b, t.buf, t.len);
	print_diags(&b);
	assert_int_equal(b.boots, 1);
	assert_int_equal(b.nops, 40);
	assert_int_equal(b.nfreed, 1);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "lines 44-65 repeat"));
	mx_bootlog_release(&b);

	/* a short run is not evidence enough: a few lines again are read again */
	t.len = first_copy;
	for (int i = 30; i < 35; i++)
		mx_buf_addf(&t, "[    0.000000] memblock_reserve: [0x%016x-0x%016x] f+0x1/0x2\n",
			    0x40000000 + i * 0x1000, 0x40000fff + i * 0x1000);
	mx_buf_adds(&t, "[    0.300000] Freeing unused kernel memory: 6464K\n");
	parse_n(&b, t.buf, t.len);
	assert_int_equal(b.nops, 45);
	mx_bootlog_release(&b);
	mx_buf_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_boots_take_the_last),
		cmocka_unit_test(same_kernel_rebooted),
		cmocka_unit_test(last_complete_boot),
		cmocka_unit_test(dmesg_copy_after_dumps),
		cmocka_unit_test(many_boots),
		cmocka_unit_test(earlier_log_copied),
		cmocka_unit_test(plain_dmesg_copy),
		cmocka_unit_test(wrapped_dmesg_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
