#!/usr/bin/env python3
"""check_breakdown.py SCHEMA FILE... - every `memx report --breakdown=json` output is valid
against doc/breakdown.schema.json (python3-jsonschema) and keeps the breakdown's sums:
the leaves add up to physpages and to MemTotal, each group to its children."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not installed: the breakdown was NOT validated against its schema")
    sys.stderr.write("SKIPPED: python3-jsonschema is not installed\n")
    sys.exit(77)

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0


def walk(node, path, leaves):
    global bad
    if "children" in node:
        k = sum(c["kib"] for c in node["children"])
        m = sum(c["memtotal_kib"] for c in node["children"])
        if (k, m) != (node["kib"], node["memtotal_kib"]):
            print(f"FAIL: {path}/{node['name']}: {node['kib']}/{node['memtotal_kib']} but children {k}/{m}")
            bad += 1
        for c in node["children"]:
            walk(c, path + "/" + node["name"], leaves)
    else:
        leaves.append(node)


for f in sys.argv[2:]:
    d = json.load(open(f))
    errors = list(validator.iter_errors(d))
    for e in errors[:5]:
        print(f"FAIL: {f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    bad += len(errors)
    if errors:
        continue
    leaves = []
    walk(d["root"], "", leaves)
    if sum(x["kib"] for x in leaves) != d["physpages_kib"]:
        print(f"FAIL: {f}: leaves sum to {sum(x['kib'] for x in leaves)}, physpages {d['physpages_kib']}")
        bad += 1
    if sum(x["memtotal_kib"] for x in leaves) != d["memtotal_kib"]:
        print(f"FAIL: {f}: leaves give MemTotal {sum(x['memtotal_kib'] for x in leaves)}, not {d['memtotal_kib']}")
        bad += 1
    if d["unattributed_kib"] or d["kept_kib"] != d["physpages_kib"] - d["memtotal_kib"]:
        print(f"FAIL: {f}: unattributed {d['unattributed_kib']}, kept {d['kept_kib']}")
        bad += 1
print(f"{len(sys.argv) - 2} breakdown(s) checked against the schema, {bad} problem(s)")
sys.exit(1 if bad else 0)
