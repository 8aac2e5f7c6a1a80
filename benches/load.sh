#!/usr/bin/env bash
# Load on the public pages: wrk on loopback against a release build of `caravan serve`, on
# SQLite and on PostgreSQL: sign-up (every request a new reader), the archive, one archived
# issue, and the Atom feed. Prints a Markdown table (throughput, p50/p99 latency, errors) to
# paste into BENCHMARKS.md. The sign-up limit per address is off (wrk is one address).
#
#   benches/load.sh [--duration 15] [--connections 64] [--only sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=15
CONNECTIONS=64
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PORT=18082

source benches/tools/wrk_bench.sh
need wrk wrk
need psql postgresql-client

BIN=$(bench_bin)
ROOT="$PWD"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r articles "$WORK/articles"
printf 'email,name,lang\nr1@example.kz,Aïgerim,fr\nr2@example.kz,Bob,en\n' >"$WORK/readers.csv"


run() { # database label, DATABASE_URL
  local db="$1"
  cd "$WORK"
  export DATABASE_URL="$2" CARAVAN_LISTEN="127.0.0.1:$PORT" CARAVAN_ARTICLES_DIR="$WORK/articles" \
    CARAVAN_OUTBOX_DIR="$WORK/outbox-$db" CARAVAN_SIGNUP_RATE_LIMIT=0 RUST_LOG=warn
  # An archive to read: this week's digest, sent to two readers.
  "$BIN" subscribers import readers.csv >/dev/null
  "$BIN" digest build >/dev/null
  "$BIN" issues send 1 --wait >/dev/null 2>&1
  local slug
  slug=$("$BIN" issues list | awk 'NR == 1 { print $2 }')
  "$BIN" serve --no-workers --no-scheduler >"serve-$db.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$PORT/archive/$slug" >/dev/null || { echo "no archived issue $slug" >&2; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/benches/signup.lua" "http://127.0.0.1:$PORT" >/dev/null
  wrk_row "$db" "sign-up (POST /subscriptions)" "$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/benches/signup.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')"
  for path in /archive "/archive/$slug" /feed.xml; do
    wrk_row "$db" "GET $path" "$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/benches/get.lua" "http://127.0.0.1:$PORT$path" | grep '^RESULT')"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  cd "$ROOT"
}

echo "| database | load | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
if [ "$ONLY" != postgres ]; then run sqlite "sqlite://$WORK/caravan.db"; fi
if [ "$ONLY" != sqlite ]; then
  name="caravan_bench_load_$$"
  psql "$PG_SERVER" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "${PG_SERVER%/*}/$name"
  psql "$PG_SERVER" -qc "DROP DATABASE $name" >/dev/null
fi
