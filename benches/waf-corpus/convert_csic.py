#!/usr/bin/env python3
"""Convert CSIC 2010 HTTP dataset raw request dumps into JSON Lines.

Usage:
    python3 convert_csic.py [INPUT_TXT] [OUT_JSONL] [--family benign] [--source csic2010-normal]

INPUT_TXT is a CSIC-format dump (normalTrafficTest.txt / norm_test.txt ...):
requests separated by blank lines, request line in absolute form
(`GET http://localhost:8080/tienda1/... HTTP/1.1`), POST bodies follow the
header block and are sized by Content-Length.

The absolute request-target is rewritten to origin form (`/tienda1/...`);
the Host header already carries `localhost:8080`. Exact duplicates
(same method + uri + body, ignoring the random JSESSIONID cookie) are dropped.
"""
import argparse
import json
import re
from urllib.parse import urlsplit

REQ_LINE = re.compile(r"^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|TRACE) (\S+) (HTTP/\d\.\d)$")


def parse(text):
    lines = text.replace("\r\n", "\n").split("\n")
    i, n = 0, len(lines)
    while i < n:
        m = REQ_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        method, target, version = m.groups()
        i += 1
        headers = []
        while i < n and lines[i] != "":
            k, _, v = lines[i].partition(":")
            headers.append([k, v.strip()])
            i += 1
        i += 1  # blank line after headers
        body = ""
        clen = next((int(v) for k, v in headers if k.lower() == "content-length" and v.isdigit()), 0)
        if clen:
            buf = []
            while i < n and sum(len(x) for x in buf) < clen and not REQ_LINE.match(lines[i]):
                buf.append(lines[i])
                i += 1
            body = "\n".join(buf)
        yield method, target, version, headers, body


def origin_form(target):
    if target.startswith(("http://", "https://")):
        u = urlsplit(target)
        return (u.path or "/") + ("?" + u.query if u.query else "")
    return target


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", nargs="?", default="src/csic/norm_test.txt")
    ap.add_argument("output", nargs="?", default="benign-csic.jsonl")
    ap.add_argument("--family", default="benign")
    ap.add_argument("--source", default="csic2010-normal")
    ap.add_argument("--keep-dups", action="store_true")
    a = ap.parse_args()
    text = open(a.input, encoding="latin-1").read()
    seen = set()
    total = kept = 0
    stats = {"uri": 0, "body": 0}
    with open(a.output, "w") as out:
        for idx, (method, target, version, headers, body) in enumerate(parse(text)):
            total += 1
            uri = origin_form(target)
            key = (method, uri, body)
            if key in seen and not a.keep_dups:
                continue
            seen.add(key)
            kept += 1
            place = "body" if body else "uri"
            stats[place] += 1
            rec = {"family": a.family, "rule": "", "test": "%s-%d" % (a.source, idx + 1),
                   "method": method, "uri": uri, "headers": headers, "body": body,
                   "place": place, "version": version, "source": a.source}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("%s: parsed %d requests, kept %d unique (uri-only %d, with body %d)"
          % (a.input, total, kept, stats["uri"], stats["body"]))


if __name__ == "__main__":
    main()
