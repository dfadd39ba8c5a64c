#!/bin/sh
# Writes the WAF corpus that `WAF_CORPUS=DIR cargo run --profile host -p
# edge-benches -- waf` reads (BENCHMARKS.md, "The WAF on a public corpus")
# into DIR (default: target/waf-corpus), from the four public repositories
# below at the commits the published figures used. Each *_GIT may name a
# local clone (bare or not) instead; otherwise it is cloned from GitHub.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../target/waf-corpus}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/src"
rm -rf "$work" && mkdir -p "$work"

# repo, commit, variable naming a local clone
fetch() {
    if [ -n "$3" ]; then
        echo "$3"
    else
        git clone -q --bare "https://github.com/$1.git" "$work/$(basename "$1").git"
        echo "$work/$(basename "$1").git"
    fi
}
crs=$(fetch coreruleset/coreruleset 2cbd1d019cb7c85319ba4d9102a382c9de7a8e53 "$CRS_GIT")
gtw=$(fetch wallarm/gotestwaf 67dfd7a73f4e7ecd2908c8fb2c96f5e62f1d53b6 "$GTW_GIT")
csic=$(fetch simple1007/CSIC2010_M2019066- bd0d58f58de12a37c303fbacd234603aca1a7d56 "$CSIC_GIT")
oas=$(fetch pralab/modsec-learn-dataset 8f2b27ad477eac014719029f59c3eb8ada191a28 "$OAS_GIT")

mkdir -p "$work/crs" "$work/gtw" "$work/csic" "$work/openappsec"
git --git-dir="$crs" archive 2cbd1d019cb7c85319ba4d9102a382c9de7a8e53 tests/regression rules LICENSE | tar -x -C "$work/crs"
git --git-dir="$gtw" archive 67dfd7a73f4e7ecd2908c8fb2c96f5e62f1d53b6 testcases LICENSE | tar -x -C "$work/gtw"
git --git-dir="$csic" show bd0d58f58de12a37c303fbacd234603aca1a7d56:norm_test.txt > "$work/csic/norm_test.txt"
git --git-dir="$oas" show 8f2b27ad477eac014719029f59c3eb8ada191a28:legitimate/openappsec/legitimate_6.json > "$work/openappsec/legitimate_6.json"

cd "$out"
python3 "$here/convert_crs.py" "$work/crs" .
python3 "$here/convert_gotestwaf.py" "$work/gtw/testcases" .
python3 "$here/convert_csic.py" "$work/csic/norm_test.txt" benign-csic.jsonl
python3 "$here/convert_openappsec_qs.py" "$work/openappsec/legitimate_6.json" benign-openappsec-qs.jsonl
cat benign-csic.jsonl gotestwaf-falsepos.jsonl benign-openappsec-qs.jsonl > benign.jsonl
python3 "$here/stats.py" "$out"
