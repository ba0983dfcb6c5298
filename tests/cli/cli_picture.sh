#!/bin/sh
# cli_picture.sh - memx report --svg / --html: the SVG is valid XML and rsvg-convert renders it
# to PNG for every shipped profile (and a hostile one), the HTML page holds the picture, the
# regions and the breakdown, and doc/msm8937.svg (the README's picture) is today's output.
memx=$1
src=$2
. "$src/tests/lib.sh"
need_tool rsvg-convert "the pictures were NOT rendered (Debian: librsvg2-bin)"
need_tool python3 "the pictures were NOT parsed as XML"

for p in "$src"/profiles/*.yaml; do
	n=$(basename "$p" .yaml)
	expect_status 0 "$memx" report --svg "$tmp/$n.svg" --html "$tmp/$n.html" "$p"
	[ -s "$tmp/out" ] && { echo "FAIL: $n: --svg/--html alone printed a report too"; fail=1; }
	python3 -c "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); \
assert r.tag == '{http://www.w3.org/2000/svg}svg', r.tag" "$tmp/$n.svg" || { echo "FAIL: $n.svg is not SVG"; fail=1; }
	rsvg-convert "$tmp/$n.svg" -o "$tmp/$n.png" || { echo "FAIL: rsvg-convert could not render $n.svg"; fail=1; }
	[ "$(head -c 4 "$tmp/$n.png" | od -An -c | tr -d ' ')" = "211PNG" ] || { echo "FAIL: $n.png is no PNG"; fail=1; }
	for w in "<svg" "<h2>Regions</h2>" "<h2>Where physpages go</h2>" "MemTotal"; do
		expect_line "$tmp/$n.html" "$w"
	done
done
# what the picture must show: every carve-out named, the boundary, the squeezed free ranges
for w in "modem_region@0" "secure_region@0" "lowmem | highmem 0xaf800000" "squeezed" "legend"; do
	expect_line "$tmp/msm8937.svg" "$w"
done
# the README shows the picture memx draws today
cmp -s "$tmp/msm8937.svg" "$src/doc/msm8937.svg" ||
	{ echo "FAIL: doc/msm8937.svg is not today's 'memx report --svg profiles/msm8937.yaml' (regenerate it)"; fail=1; }

# names from a tree are text, never markup
# markup in a node name is refused on the way in (a DTS could not hold it either) ...
cat > "$tmp/badname.yaml" <<'YAML'
arch: arm64
kernel: "6.1"
memory: [{ base: 0x40000000, size: 256M }]
reserved-memory:
  - { name: "a<b>&c\"'@48000000", reg: { base: 0x48000000, size: 16M } }
YAML
expect_status 3 "$memx" report --svg "$tmp/b.svg" "$tmp/badname.yaml"
expect_line "$tmp/err" "expected a node name"
[ -e "$tmp/b.svg" ] && { echo "FAIL: a refused input left a picture"; fail=1; }
# ... and the board's name and description, which may hold anything, are escaped
cat > "$tmp/hostile.yaml" <<'YAML'
name: "<script>&\"board\"</script>"
description: "it's <b>bold</b> & \"quoted\""
arch: arm64
kernel: "6.1"
memory: [{ base: 0x40000000, size: 256M }]
reserved-memory:
  - { name: fw@48000000, reg: { base: 0x48000000, size: 16M } }
YAML
expect_status 0 "$memx" report --svg "$tmp/h.svg" --html "$tmp/h.html" "$tmp/hostile.yaml"
python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$tmp/h.svg" || { echo "FAIL: hostile.svg"; fail=1; }
grep -q "<script>" "$tmp/h.html" "$tmp/h.svg" && { echo "FAIL: a name became markup"; fail=1; }
grep -q "<b>bold" "$tmp/h.html" && { echo "FAIL: a description became markup"; fail=1; }
expect_line "$tmp/h.svg" "&lt;script&gt;&amp;&quot;board&quot;&lt;/script&gt;"
expect_line "$tmp/h.html" "it&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"
rsvg-convert "$tmp/h.svg" -o "$tmp/h.png" || fail=1
# an output that exists is not replaced without --force; an input is never one
expect_status 4 "$memx" report --svg "$tmp/h.svg" "$tmp/hostile.yaml"
expect_status 4 "$memx" report --force --html "$tmp/hostile.yaml" "$tmp/hostile.yaml"
# --svg with -o: the picture and the report
expect_status 0 "$memx" report --svg "$tmp/m2.svg" -o "$tmp/m2.txt" "$src/profiles/msm8937.yaml"
expect_line "$tmp/m2.txt" "MemTotal:         903088 kB"
exit $fail
