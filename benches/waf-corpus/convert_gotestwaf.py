#!/usr/bin/env python3
"""Convert wallarm/gotestwaf test cases into JSON Lines requests.

Usage:
    python3 convert_gotestwaf.py [GOTESTWAF_TESTCASES_DIR] [OUT_DIR] [--with-large]

Mirrors gotestwaf's request building (internal/payload/placeholder/*.go,
internal/payload/encoder/*.go) for the GoHTTPClient: one request per
payload x encoder x placeholder. gRPC is skipped (not plain HTTP).
The random names gotestwaf draws per request (parameter/header/form-field
names, RandomHex(5) = 10 hex chars, multipart boundary) are derived from a
hash so the output is reproducible.

Outputs:
    gotestwaf-attacks.jsonl   owasp/, owasp-api/, community/ (true-positive sets)
    gotestwaf-falsepos.jsonl  false-pos/ (benign texts gotestwaf expects to pass)
The community/community-{8,16,32,64,128}kb-* size tests are skipped unless
--with-large is given.
"""
import base64
import collections
import glob
import hashlib
import json
import os
import sys
from urllib.parse import quote, urlencode

import yaml

# gopkg.in/yaml.v2 accepts the \' escape inside double quotes; PyYAML does not.
yaml.scanner.Scanner.ESCAPE_REPLACEMENTS["'"] = "'"

HERE = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
WITH_LARGE = "--with-large" in sys.argv
TC = args[0] if len(args) > 0 else os.path.join(HERE, "src", "gtw", "testcases")
OUT = args[1] if len(args) > 1 else HERE

# default headers from gotestwaf config.yaml (trimmed to the request-relevant ones)
BASE_HEADERS = [
    ["Host", "localhost"],
    ["User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                   "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"],
    ["Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
               "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"],
    ["Accept-Encoding", "gzip, deflate, br, zstd"],
    ["Accept-Language", "en-US;q=0.8,en;q=0.7"],
    ["Cache-Control", "no-cache"],
    ["Pragma", "no-cache"],
    ["Connection", "close"],
]

FAMILY = {
    "sql-injection": "sqli", "community-sqli": "sqli",
    "xss-scripting": "xss", "community-xss": "xss",
    "path-traversal": "lfi", "community-lfi": "lfi", "community-lfi-multipart": "lfi",
    "rce": "rce", "rce-urlparam": "rce", "rce-urlpath": "rce", "shell-injection": "rce",
    "community-rce": "rce", "community-rce-rawrequests": "rce",
    "crlf": "protocol",
    "community-user-agent": "scanner",
    "xml-injection": "xxe", "community-xxe": "xxe",
    "ldap-injection": "ldap", "mail-injection": "mail", "nosql-injection": "nosqli",
    "ss-include": "ssi", "sst-injection": "ssti",
    "graphql": "graphql", "graphql-post": "graphql", "grpc": "grpc",
    "non-crud": "protocol", "rest": "mixed", "soap": "mixed",
    "texts": "benign",
}


def go_path_escape(s):
    # Go url.PathEscape: keep unreserved plus $&+:=@ ; escape everything else (UTF-8, upper hex)
    return quote(s.encode("utf-8"), safe="-_.~$&+:=@")


def encode(enc, s):
    if enc == "Plain":
        return s
    if enc == "URL":
        return go_path_escape(s)
    if enc == "Base64":
        return base64.b64encode(s.encode()).decode()
    if enc == "Base64Flat":
        return base64.b64encode(s.encode()).decode().replace("=", "")
    if enc == "JSUnicode":
        b = s.encode("utf-16-be")
        return "".join("\\u%02x%02x" % (b[i], b[i + 1]) for i in range(0, len(b), 2))
    if enc == "XMLEntity":
        from xml.sax.saxutils import escape
        return escape(s, {'"': "&#34;", "'": "&#39;"})
    raise ValueError(enc)


def rhex(seed, n=5):
    return hashlib.sha256(seed.encode()).hexdigest()[: 2 * n]


def build(ph, cfg, payload, seed):
    """Return (method, uri, extra_headers, body, place) or None if unsupported."""
    name = rhex(seed)
    if ph == "URLPath":
        return "GET", "/" + payload, [], "", "uri"
    if ph == "URLParam":
        return "GET", "/?%s=%s" % (name, payload), [], "", "uri"
    if ph == "Header":
        return "GET", "/", [["X-" + name, payload]], "", "header"
    if ph == "UserAgent":
        return "GET", "/", [["User-Agent", payload]], "", "header"
    if ph == "HTMLForm":
        return ("POST", "/", [["Content-Type", "application/x-www-form-urlencoded"]],
                "%s=%s" % (name, payload), "body")
    if ph == "HTMLMultipartForm":
        boundary = hashlib.sha256(("b" + seed).encode()).hexdigest()[:60]
        body = ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n--%s--\r\n"
                % (boundary, name, payload, boundary))
        return ("POST", "/", [["Content-Type", "multipart/form-data; boundary=" + boundary]],
                body, "body")
    if ph == "JSONBody":
        return "POST", "/", [["Content-Type", "application/json"]], payload, "body"
    if ph == "JSONRequest":
        body = '{"test": true, "%s": "%s"}' % (name, encode("JSUnicode", payload))
        return "POST", "/", [["Content-Type", "application/json"]], body, "body"
    if ph == "XMLBody":
        return "POST", "/", [["Content-Type", "application/xml"]], payload, "body"
    if ph == "SOAPBody":
        return ("POST", "/", [["SOAPAction", '"http://schemas.xmlsoap.org/soap/actor/next"'],
                              ["Content-Type", "text/xml"]], payload, "body")
    if ph == "GraphQL":
        if (cfg or {}).get("method", "GET").upper() == "POST":
            return "POST", "/graphql", [], payload, "body"
        return "GET", "/graphql?" + urlencode({"query": payload}), [], "", "uri"
    if ph == "RawRequest":
        cfg = cfg or {}
        path = cfg.get("path") or "/"
        path = "/" + path.lstrip("/")
        path = path.replace("{{payload}}", go_path_escape(payload))
        body = (cfg.get("body") or "").replace("{{payload}}", payload)
        hdrs = [[k, str(v).replace("{{payload}}", payload)] for k, v in (cfg.get("headers") or {}).items()]
        place = "body" if "{{payload}}" in (cfg.get("body") or "") else (
            "uri" if "{{payload}}" in (cfg.get("path") or "") else "header")
        return cfg.get("method", "GET"), path, hdrs, body, place
    return None  # gRPC and anything unknown


def main():
    att = open(os.path.join(OUT, "gotestwaf-attacks.jsonl"), "w")
    fp = open(os.path.join(OUT, "gotestwaf-falsepos.jsonl"), "w")
    stats = collections.Counter()
    skipped = collections.Counter()
    for path in sorted(glob.glob(os.path.join(TC, "*", "*.y*ml"))):
        tset = os.path.basename(os.path.dirname(path))
        tcase = os.path.splitext(os.path.basename(path))[0]
        if not WITH_LARGE and tset == "community" and tcase.split("-")[1].endswith("kb"):
            skipped["large:" + tcase] += 1
            continue
        d = yaml.safe_load(open(path, encoding="utf-8"))
        benign = "false" in tset
        fam = FAMILY.get(tcase, "other")
        for pi, payload in enumerate(d.get("payload") or []):
            payload = str(payload)
            for enc in d.get("encoder") or ["Plain"]:
                encoded = encode(enc, payload)
                for ph in d.get("placeholder") or []:
                    if isinstance(ph, dict):
                        phname, cfg = next(iter(ph.items()))
                    else:
                        phname, cfg = ph, None
                    seed = "%s/%s/%d/%s/%s" % (tset, tcase, pi, enc, phname)
                    r = build(phname, cfg, encoded, seed)
                    if r is None:
                        skipped[phname] += 1
                        continue
                    method, uri, extra, body, place = r
                    names = {k.lower() for k, _ in extra}
                    headers = [h for h in BASE_HEADERS if h[0].lower() not in names] + extra
                    if body:
                        headers.append(["Content-Length", str(len(body.encode("utf-8")))])
                    rec = {
                        "family": "benign" if benign else fam,
                        "rule": "",
                        "test": "gotestwaf-%s-%s-%d-%s-%s" % (tset, tcase, pi + 1, enc, phname),
                        "method": method, "uri": uri, "headers": headers, "body": body,
                        "place": place, "source": "gotestwaf/%s/%s" % (tset, tcase),
                        "gtw_type": d.get("type") or "", "encoder": enc, "placeholder": phname,
                        "payload": payload,
                    }
                    (fp if benign else att).write(json.dumps(rec, ensure_ascii=False) + "\n")
                    stats[("fp" if benign else "att", rec["family"], place)] += 1
    att.close()
    fp.close()
    fams = sorted({(k[0], k[1]) for k in stats})
    print("%-4s %-10s %6s %6s %6s %6s" % ("set", "family", "total", "uri", "header", "body"))
    for kind, f in fams:
        row = [stats[(kind, f, p)] for p in ("uri", "header", "body")]
        print("%-4s %-10s %6d %6d %6d %6d" % (kind, f, sum(row), *row))
    print("skipped:", dict(skipped))


if __name__ == "__main__":
    main()
