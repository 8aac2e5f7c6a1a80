#!/usr/bin/env bash
# Sign-up throughput: wrk on loopback against a release build of `caravan serve`, on SQLite
# and on PostgreSQL. Every request signs up a new address (a subscriber row and its outbox
# row, committed together). Prints a Markdown table to paste into BENCHMARKS.md and checks
# that the database holds exactly as many readers as wrk counted successful answers.
#
#   benches/signup.sh [--duration 20] [--connections 64] [--workers] [--domains N]
#
# --workers also runs the outbox sender (writing .eml files) during the run.
# --domains N spreads the addresses over N recipient domains (default: all at one domain, a
# flood past its hourly ceiling); each batch then reads and books one count per domain.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=20
CONNECTIONS=64
SERVE_FLAGS=(--no-workers)
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --workers) SERVE_FLAGS=(); shift ;;
    --domains) export SIGNUP_DOMAINS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PORT=18080

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need sqlite3 sqlite3
need psql postgresql-client

# CARAVAN_BENCH_BIN runs an earlier build instead (a before/after comparison in one session).
BIN="${CARAVAN_BENCH_BIN:-}"
if [ -z "$BIN" ]; then cargo build --release --quiet; BIN=target/release/caravan; fi
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

run_one() { # $1 label, $2 DATABASE_URL, $3 count command
  local label="$1" url="$2"
  DATABASE_URL="$url" CARAVAN_LISTEN="127.0.0.1:$PORT" CARAVAN_OUTBOX_DIR="$WORK/outbox" CARAVAN_SIGNUP_RATE_LIMIT=0 \
    RUST_LOG=warn "$BIN" serve "${SERVE_FLAGS[@]}" >"$WORK/$label.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
  # Warm-up: connection pools, page caches.
  wrk -t2 -c"$CONNECTIONS" -d3s -s benches/signup.lua "http://127.0.0.1:$PORT" >/dev/null
  local before after
  before=$(eval "$3")
  local out rss
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benches/signup.lua "http://127.0.0.1:$PORT")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
  after=$(eval "$3")
  if ! kill "$SERVER" 2>/dev/null; then
    echo "caravan stopped during the run; its log:" >&2; cat "$WORK/$label.log" >&2; exit 1
  fi
  wait "$SERVER" 2>/dev/null || true
  local result; result=$(grep '^RESULT' <<<"$out")
  local requests; requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
  local errors; errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$result")
  local stored=$((after - before))
  printf '| %s | %s | %s | %s | %s | %s | %s / %s | %s |\n' "$label" \
    "$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$result")" \
    "$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$result")" \
    "$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$result")" \
    "$errors" "$CONNECTIONS" "$stored" "$requests" "$((rss / 1024)) MiB"
}

echo "| database | sign-ups/s | p50 ms | p99 ms | errors | connections | rows stored / requests | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
SQLITE_FILE="$WORK/bench.db"
run_one sqlite "sqlite://$SQLITE_FILE" "sqlite3 '$SQLITE_FILE' 'SELECT COUNT(*) FROM subscribers'"
DB="caravan_bench_$$"
psql "$PG_SERVER" -qc "CREATE DATABASE $DB" >/dev/null
PG_URL="${PG_SERVER%/*}/$DB"
run_one postgres "$PG_URL" "psql '$PG_URL' -Atc 'SELECT COUNT(*) FROM subscribers'"
psql "$PG_SERVER" -qc "DROP DATABASE $DB" >/dev/null
