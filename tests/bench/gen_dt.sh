#!/bin/sh
# gen_dt.sh [NODES] - print a board DTS of about NODES nodes (default 20000) for the
# device-tree speed figures (README: Performance): a /soc of buses with labelled
# devices, as an SoC .dtsi has them, two memory banks, 60 /reserved-memory children
# (the kernel takes at most 64) that the devices point at with memory-region.
n=${1:-20000}
awk -v n="$n" 'BEGIN {
	print "/dts-v1/;\n\n/memreserve/ 0x80000000 0x10000;\n"
	print "/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tcompatible = \"memx,bench\";\n\tmodel = \"memx generated tree\";\n"
	print "\tchosen {\n\t\tbootargs = \"console=ttyS0\";\n\t};\n"
	print "\tmemory@80000000 {\n\t\tdevice_type = \"memory\";\n\t\treg = <0x0 0x80000000 0x0 0x80000000>, <0x1 0x0 0x1 0x0>;\n\t};\n"
	print "\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n"
	for (i = 0; i < 60; i++) {
		base = 2281701376 + i * 4194304
		if (i % 4 == 3)
			printf "\t\tpool%d: pool%d {\n\t\t\tcompatible = \"shared-dma-pool\";\n\t\t\tsize = <0x0 0x100000>;\n\t\t\treusable;\n\t\t};\n\n", i, i
		else
			printf "\t\tcarveout%d: carveout@%x {\n\t\t\treg = <0x0 0x%x 0x0 0x200000>;\n\t\t\tno-map;\n\t\t};\n\n", i, base, base
	}
	print "\t};\n"
	print "\tsoc@0 {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges = <0x0 0x0 0x0 0x40000000>;\n"
	left = n - 70
	for (b = 0; left > 0; b++) {
		printf "\t\tbus%d: bus@%x {\n\t\t\tcompatible = \"simple-bus\";\n\t\t\treg = <0x%x 0x100000>;\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n\t\t\tranges;\n", b, b * 1048576, b * 1048576
		left--
		for (d = 0; d < 20 && left > 0; d++) {
			addr = b * 1048576 + d * 4096
			printf "\n\t\t\tdev%d_%d: device@%x {\n\t\t\t\tcompatible = \"vendor,device-%d\", \"vendor,device\";\n\t\t\t\treg = <0x%x 0x1000>;\n\t\t\t\tvendor,index = <%d>;\n", b, d, addr, d, addr, d
			if (d == 0)
				printf "\t\t\t\tmemory-region = <&carveout%d>;\n", (b % 15) * 4
			printf "\t\t\t\tstatus = \"okay\";\n\t\t\t};\n"
			left--
		}
		print "\t\t};\n"
	}
	print "\t};\n};"
}'
