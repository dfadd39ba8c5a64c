#!/usr/bin/env python3
"""Convert OWASP CRS go-ftw regression tests into JSON Lines request corpora.

Usage:
    python3 convert_crs.py [CRS_CHECKOUT_DIR] [OUT_DIR]

CRS_CHECKOUT_DIR must contain tests/regression/tests/ and rules/ (a plain
checkout, or `git archive HEAD tests/regression rules | tar -x`).
Defaults: ./src/crs and the directory of this script.

Outputs:
    crs-attacks.jsonl    stages whose expected output says the rule fires
                         (expect_ids, match_regex, or an HTTP 400 from the
                         server for malformed protocol requests)
    crs-negatives.jsonl  stages that expect no match (no_expect_ids,
                         no_match_regex) - these are CRS false-positive tests
"""
import base64
import collections
import glob
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CRS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "src", "crs")
OUT = sys.argv[2] if len(sys.argv) > 2 else HERE

FAMILY = {
    "911": "protocol", "920": "protocol", "921": "protocol", "922": "protocol",
    "913": "scanner",
    "930": "lfi", "931": "rfi", "932": "rce", "933": "php", "934": "generic",
    "941": "xss", "942": "sqli", "943": "session", "944": "java",
    "999": "exclusions",  # CRS "common exceptions": benign traffic, negatives only
}
# 949 (anomaly blocking) only re-uses other tests; RESPONSE-95x/980 test responses.
SKIP_PREFIXES = ("REQUEST-949", "RESPONSE-")

DEFAULT_UA = "OWASP CRS test agent"
DEFAULT_ACCEPT = ("text/xml,application/xml,application/xhtml+xml,text/html;q=0.9,"
                  "text/plain;q=0.8,image/png,*/*;q=0.5")
BORING_HEADERS = {"host", "accept", "content-type", "content-length", "connection",
                  "accept-encoding", "accept-language", "accept-charset", "keep-alive",
                  "proxy-connection", "cache-control", "pragma", "transfer-encoding"}
BORING_URI = re.compile(r"^/(get|post|put|patch|delete|anything|index\.html|options|)?/?$", re.I)
FILLER_BODIES = {"test=value"}          # 944xxx tests put the payload in a cookie
FILLER_HEADERS = {("referer", "http")}   # old modsec regressions
# "plain" = only simple name=value pairs / paths (dummy filler such as test=value, /get?foo=bar)
PLAIN_KV = re.compile(r"^[\w.\-]+=[\w.\-]*(&[\w.\-]+=[\w.\-]*)*$")
PLAIN_URI = re.compile(r"^/[\w./\-]*(\?[\w.\-]+=[\w.\-]*(&[\w.\-]+=[\w.\-]*)*)?$")


# --------------------------------------------------------------------------
# paranoia levels from rules/REQUEST-9xx-*.conf
# --------------------------------------------------------------------------
def paranoia_levels(rules_dir):
    """Map rule id -> paranoia level.

    Uses the tag 'paranoia-level/N' where present and otherwise the section the
    rule sits in (rules after `TX:DETECTION_PARANOIA_LEVEL "@lt N"` are PL N).
    Returns (pl, disagreements)."""
    pl = {}
    bad = []
    for path in sorted(glob.glob(os.path.join(rules_dir, "REQUEST-9*.conf"))):
        text = open(path, encoding="utf-8", errors="replace").read()
        # join continuation lines, then split into directives
        text = re.sub(r"\\\n", " ", text)
        section = 1
        for line in text.split("\n"):
            s = line.strip()
            if not s.startswith(("SecRule", "SecAction")):
                continue
            m = re.search(r'PARANOIA_LEVEL\s+"@lt (\d)"', s)
            if m:
                section = int(m.group(1))
                continue
            idm = re.search(r"[\"',\s]id:(\d+)", s)
            if not idm:
                continue
            rid = idm.group(1)
            tag = re.search(r"paranoia-level/(\d)", s)
            level = int(tag.group(1)) if tag else section
            if tag and int(tag.group(1)) != section:
                bad.append((rid, int(tag.group(1)), section))
            pl.setdefault(rid, level)
    return pl, bad


# --------------------------------------------------------------------------
# request building
# --------------------------------------------------------------------------
def to_bytes(data):
    if data is None:
        return b""
    if isinstance(data, list):  # go-ftw: list of lines joined with CRLF
        return "\r\n".join(str(x) for x in data).encode("utf-8")
    if isinstance(data, bytes):
        return data
    return str(data).encode("utf-8")


def parse_raw(raw):
    """Parse a raw HTTP/1.x request (bytes) into method, uri, version, headers, body."""
    sep = raw.find(b"\r\n\r\n")
    if sep >= 0:
        head, body = raw[:sep], raw[sep + 4:]
    else:
        sep = raw.find(b"\n\n")
        head, body = (raw[:sep], raw[sep + 2:]) if sep >= 0 else (raw, b"")
    lines = re.split(rb"\r?\n", head)
    parts = lines[0].decode("latin-1").split(" ")
    method = parts[0] if parts else ""
    uri = parts[1] if len(parts) > 1 else ""
    version = " ".join(parts[2:]) if len(parts) > 2 else ""
    headers = []
    for ln in lines[1:]:
        ln = ln.decode("latin-1")
        if ":" in ln:
            k, v = ln.split(":", 1)
            headers.append([k, v.strip()])
        elif ln:
            headers.append([ln, ""])
    return method, uri, version, headers, body


def build(inp):
    """Return dict(method, uri, version, headers, body_bytes, raw=bool)."""
    if "encoded_request" in inp:
        raw = base64.b64decode(inp["encoded_request"])
        m, u, v, h, b = parse_raw(raw)
        return dict(method=m, uri=u, version=v, headers=h, body=b, raw=True)
    hdrs = inp.get("headers") or {}
    if isinstance(hdrs, dict):
        headers = [[str(k), "" if v is None else str(v)] for k, v in hdrs.items()]
    else:  # list form [{name:, value:}] / [[k, v]]
        headers = []
        for item in hdrs:
            if isinstance(item, dict):
                headers.append([str(item.get("name")), str(item.get("value", ""))])
            else:
                headers.append([str(item[0]), str(item[1])])
    body = to_bytes(inp.get("data"))
    autocomplete = inp.get("autocomplete_headers", True)
    names = {k.lower() for k, _ in headers}
    if autocomplete and body and "content-length" not in names and "transfer-encoding" not in names:
        headers.append(["Content-Length", str(len(body))])
    return dict(method=inp.get("method", "GET"), uri=inp.get("uri", "/"),
                version=inp.get("version", "HTTP/1.1"), headers=headers, body=body, raw=False)


def places(req):
    """Approximate where the payload sits. Returns (primary, all_candidates).

    Candidates are the request parts that differ from go-ftw boilerplate
    (default User-Agent/Accept, Host, Content-Type/Length, Accept-*...).
    If several remain, parts that only carry plain filler (`test=value`,
    `/get?foo=bar`) are dropped; ties are resolved body > uri > header."""
    cand = {}
    body = req["body"].decode("latin-1")
    if body:
        if body.strip() in FILLER_BODIES:
            pass
        else:
            cand["body"] = PLAIN_KV.match(body.strip()) is not None
    uri = req["uri"] or ""
    if not BORING_URI.match(uri):
        cand["uri"] = PLAIN_URI.match(uri) is not None
    for k, v in req["headers"]:
        kl = k.lower()
        if kl == "user-agent" and v == DEFAULT_UA:
            continue
        if kl == "accept" and v in (DEFAULT_ACCEPT, "*/*"):
            continue
        if (kl, v) in FILLER_HEADERS:
            continue
        if kl in BORING_HEADERS and kl != "accept":
            # host / content-type count only when they look odd
            if not (kl in ("host", "content-type") and any(c in v for c in "<>'\"(;${}`|\\")
                    and not v.startswith("multipart/")):
                continue
        cand["header"] = False
        break
    if not cand:
        return "uri", ["uri"]  # method / request-line anomalies
    order = [p for p in ("body", "uri", "header") if p in cand]
    strong = [p for p in order if not cand[p]]
    return (strong or order)[0], order


# --------------------------------------------------------------------------
def classify(out, rid):
    """Return 'attack', 'negative', or None."""
    out = out or {}
    log = out.get("log") or {}
    exp = [str(x) for x in (log.get("expect_ids") or [])]
    noexp = [str(x) for x in (log.get("no_expect_ids") or [])]
    if "expect_id" in log:
        exp.append(str(log["expect_id"]))
    if "no_expect_id" in log:
        noexp.append(str(log["no_expect_id"]))
    if exp:
        return "attack", "expect_ids"
    if log.get("match_regex") or log.get("log_contains"):
        return "attack", "match_regex"
    if noexp:
        return "negative", "no_expect_ids"
    if log.get("no_match_regex") or log.get("no_log_contains"):
        return "negative", "no_match_regex"
    st = out.get("status")
    if st is not None:
        sts = st if isinstance(st, list) else [st]
        if any(int(s) >= 400 for s in sts):
            return "attack", "status%s" % sts[0]
        return "negative", "status%s" % sts[0]
    return None, None


def load_overrides(regdir):
    """(rule, test_id) -> {engine: reason} from tests/regression/*-overrides.yaml.

    These list tests whose expected result differs per engine (Coraza, nginx
    libmodsecurity3, Apache ModSecurity v2) - useful hints for a new engine."""
    out = collections.defaultdict(dict)
    for path in sorted(glob.glob(os.path.join(regdir, "*-overrides.yaml"))):
        engine = os.path.basename(path).split("-")[0]
        doc = yaml.safe_load(open(path, encoding="utf-8")) or {}
        for o in doc.get("test_overrides") or []:
            for tid in o.get("test_ids") or []:
                out[(str(o.get("rule_id")), int(tid))][engine] = o.get("reason", "")
    return out


def main():
    pl, bad = paranoia_levels(os.path.join(CRS, "rules"))
    overrides = load_overrides(os.path.join(CRS, "tests", "regression"))
    files = sorted(glob.glob(os.path.join(CRS, "tests/regression/tests/*/*.y*ml")))
    att = open(os.path.join(OUT, "crs-attacks.jsonl"), "w")
    neg = open(os.path.join(OUT, "crs-negatives.jsonl"), "w")
    stats = collections.Counter()
    fam_place = collections.Counter()
    fam_pl = collections.Counter()
    skipped = collections.Counter()
    for path in files:
        d = os.path.basename(os.path.dirname(path))
        if d.startswith(SKIP_PREFIXES):
            skipped[d] += 1
            continue
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        if not doc or not doc.get("tests"):
            skipped["empty:" + os.path.basename(path)] += 1
            continue
        # the file name is authoritative (933200.yaml says rule_id: 9331200)
        rid = os.path.splitext(os.path.basename(path))[0]
        fam = FAMILY.get(rid[:3], "other")
        for t in doc["tests"]:
            tid = "%s-%s" % (rid, t.get("test_id"))
            nst = len(t.get("stages") or [])
            for si, st in enumerate(t.get("stages") or []):
                inp = st.get("input") or {}
                kind, how = classify(st.get("output"), rid)
                if fam == "exclusions" and kind == "attack":
                    # 999999 tests are benign traffic; an expect_ids there
                    # documents a *known* CRS false positive (e.g. 932237).
                    kind, how = "negative", "known_fp"
                if kind is None:
                    skipped["no-verdict"] += 1
                    continue
                req = build(inp)
                prim, allp = places(req)
                rec = {
                    "family": fam,
                    "rule": rid,
                    "test": tid if nst == 1 else "%s-s%d" % (tid, si + 1),
                    "method": req["method"],
                    "uri": req["uri"],
                    "headers": req["headers"],
                }
                try:
                    rec["body"] = req["body"].decode("utf-8")
                except UnicodeDecodeError:
                    rec["body"] = req["body"].decode("latin-1")
                    rec["body_b64"] = base64.b64encode(req["body"]).decode()
                rec["pl"] = pl.get(rid)
                rec["place"] = prim
                rec["places"] = allp
                rec["version"] = req["version"]
                rec["expect"] = how
                if req["raw"]:
                    rec["raw"] = True
                if inp.get("autocomplete_headers") is False:
                    rec["autocomplete_headers"] = False
                if t.get("desc"):
                    rec["desc"] = t["desc"]
                ov = overrides.get((rid, int(t.get("test_id") or 0)))
                if ov:
                    rec["engine_overrides"] = ov
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                (att if kind == "attack" else neg).write(line)
                stats[(kind, fam)] += 1
                fam_place[(kind, fam, prim)] += 1
                fam_pl[(kind, fam, rec["pl"])] += 1
    att.close()
    neg.close()

    fams = sorted({f for _, f in stats})
    for kind in ("attack", "negative"):
        print("== %s" % kind)
        print("%-11s %6s %6s %6s %6s   %s" % ("family", "total", "uri", "header", "body", "by PL"))
        tot = collections.Counter()
        for f in fams:
            n = stats[(kind, f)]
            if not n:
                continue
            row = [fam_place[(kind, f, p)] for p in ("uri", "header", "body")]
            pls = {k[2]: v for k, v in fam_pl.items() if k[0] == kind and k[1] == f}
            print("%-11s %6d %6d %6d %6d   %s" % (f, n, *row, dict(sorted(pls.items(), key=lambda x: str(x[0])))))
            tot["n"] += n
            for p, c in zip(("uri", "header", "body"), row):
                tot[p] += c
        print("%-11s %6d %6d %6d %6d" % ("TOTAL", tot["n"], tot["uri"], tot["header"], tot["body"]))
    print("skipped:", dict(skipped))
    if bad:
        print("PL tag/section disagreements:", bad)


if __name__ == "__main__":
    main()
