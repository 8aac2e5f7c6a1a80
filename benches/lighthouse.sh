#!/usr/bin/env bash
# Lighthouse (npm's `lighthouse`, driving Debian's chromium; its default mobile profile) on
# the sign-up page, the archive and a sent issue of a release build of `caravan serve` on
# SQLite: accessibility, best practices and SEO scores, and every audit that lost points.
# Prints a Markdown table for BENCHMARKS.md.
#
#   benches/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/tools/wrk_bench.sh
need node nodejs
need npm npm
need chromium chromium
PORT=18091

BIN=$(bench_bin)
ROOT="$PWD"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
# Lighthouse itself, once, beside the build.
TOOLS="$ROOT/target/lighthouse"
if ! [ -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund lighthouse@12 >/dev/null)
fi

cd "$WORK"
cp -r "$ROOT/articles" articles
export DATABASE_URL="sqlite://$WORK/caravan.db" CARAVAN_LISTEN="127.0.0.1:$PORT" \
  CARAVAN_BASE_URL="http://127.0.0.1:$PORT" CARAVAN_ARTICLES_DIR="$WORK/articles" \
  CARAVAN_OUTBOX_DIR="$WORK/outbox" RUST_LOG=warn
printf 'email,name,lang\nr1@example.kz,Aïgerim,fr\n' >readers.csv
"$BIN" subscribers import readers.csv >/dev/null
"$BIN" digest build >/dev/null
"$BIN" issues send 1 --wait >/dev/null 2>&1
slug=$("$BIN" issues list | awk 'NR == 1 { print $2 }')
"$BIN" serve --no-workers --no-scheduler >serve.log 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done

echo "Lighthouse $("$TOOLS/node_modules/.bin/lighthouse" --version), mobile profile, $(chromium --version); $(date -u +%Y-%m-%d)"
echo
echo "| page | accessibility | best practices | SEO |"
echo "| --- | ---: | ---: | ---: |"
for path in / /archive "/archive/$slug"; do
  "$TOOLS/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=accessibility,best-practices,seo --output=json --output-path=report.json \
    --quiet
  python3 - "$path" report.json <<'PY'
import json, sys
path, report = sys.argv[1], json.load(open(sys.argv[2]))
cats = report["categories"]
score = lambda k: round(100 * (cats[k]["score"] or 0))
print(f"| `{path}` | {score('accessibility')} | {score('best-practices')} | {score('seo')} |")
for key, cat in cats.items():
    for ref in cat["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
            print(f"|   lost in {key}: {ref['id']} ({audit['title']}) | | | |", file=sys.stderr)
PY
done
