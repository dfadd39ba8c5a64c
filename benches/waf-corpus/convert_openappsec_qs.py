#!/usr/bin/env python3
"""Wrap openappsec legitimate-traffic parameter strings into GET requests.

Input: pralab/modsec-learn-dataset legitimate/openappsec/legitimate_6.json, a JSON
list of query-string/body parameter strings extracted from the openappsec
WAF-comparison "Legitimate" dataset (real browser traffic to ~600 sites).
Only parameter strings survive in that extract (no path, method, headers), so
each unique string is placed as the query of a synthetic `GET /?<string>`.

Usage: python3 convert_openappsec_qs.py [INPUT_JSON] [OUT_JSONL]
"""
import json
import sys

inp = sys.argv[1] if len(sys.argv) > 1 else "src/openappsec/legitimate_6.json"
out = sys.argv[2] if len(sys.argv) > 2 else "benign-openappsec-qs.jsonl"
data = json.load(open(inp, encoding="utf-8"))
seen = []
for s in data:
    if s not in seen:
        seen.append(s)
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/105.0.0.0 Safari/537.36")
with open(out, "w") as f:
    for i, s in enumerate(seen):
        rec = {"family": "benign", "rule": "", "test": "openappsec-qs-%d" % (i + 1),
               "method": "GET", "uri": "/?" + s,
               "headers": [["Host", "localhost"], ["User-Agent", UA], ["Accept", "*/*"]],
               "body": "", "place": "uri", "source": "openappsec-legitimate(via pralab)",
               "synthetic_request": True}
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
print("%s: %d strings, %d unique -> %s" % (inp, len(data), len(seen), out))
