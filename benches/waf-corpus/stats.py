#!/usr/bin/env python3
"""Print family x place counts for every *.jsonl in the folder given (or this one), and check the schema."""
import collections, glob, json, os, sys
os.chdir(sys.argv[1] if len(sys.argv) > 1 else ".")
REQ = ("family", "rule", "test", "method", "uri", "headers", "body")
for path in sorted(glob.glob("*.jsonl")):
    c = collections.Counter(); tot = collections.Counter(); ids = set(); dup = 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        assert all(k in r for k in REQ), (path, r.get("test"))
        assert isinstance(r["headers"], list) and all(len(h) == 2 for h in r["headers"])
        dup += r["test"] in ids; ids.add(r["test"])
        c[(r["family"], r.get("place", "?"))] += 1; tot[r["family"]] += 1
    print("== %s (%d lines%s)" % (path, sum(tot.values()), ", %d duplicate test ids" % dup if dup else ""))
    for f in sorted(tot):
        print("   %-11s %5d  uri %5d  header %4d  body %5d" % (f, tot[f], c[(f, "uri")], c[(f, "header")], c[(f, "body")]))
