#!/usr/bin/env bash
# The admin's readers pages with a million readers: the first page, a page deep in the list
# (keyset: `?before=`), a status filter, an address search and a name search, each timed with
# curl as a signed-in editor (median of 5), on SQLite and on PostgreSQL.
#
#   benches/readers_pages.sh [--readers 1000000] [--only sqlite|postgres]
#
# Prints a Markdown table to paste into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

READERS=1000000
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --readers) READERS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PORT=18090

cargo build --release --quiet
BIN="$PWD/target/release/caravan"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir articles
awk -v n="$READERS" 'BEGIN { print "email,name,lang";
  for (i = 0; i < n; i++) printf "reader%07d@example.kz,Lecteur %d,%s\n", i, i, (i % 5 ? "fr" : "en") }' \
  >readers.csv
PASSWORD="bench password 1234"

median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] * 1000 }'; }

run() {
  local db="$1" url="$2"
  export DATABASE_URL="$url" CARAVAN_LISTEN="127.0.0.1:$PORT" CARAVAN_ARTICLES_DIR="$WORK/articles"
  export CARAVAN_OUTBOX_DIR="$WORK/outbox-$db"
  local started=$(date +%s.%N)
  "$BIN" subscribers import readers.csv >/dev/null
  local imported=$(echo "$(date +%s.%N) - $started" | bc)
  printf '%s\n' "$PASSWORD" | "$BIN" users add bench@caravan.test --role editor --password-stdin >/dev/null
  "$BIN" serve --no-workers --no-scheduler >"serve-$db.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
  local jar="$WORK/jar-$db"
  local csrf=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/admin/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "email=bench@caravan.test&password=$PASSWORD&csrf=$csrf" \
    "http://127.0.0.1:$PORT/admin/login"
  local deep=$((READERS / 2))
  for page in "/admin/readers" "/admin/readers?before=$deep" "/admin/readers?status=confirmed&before=$deep" \
              "/admin/readers?q=reader0500" "/admin/readers?q=Lecteur%20777777" "/admin"; do
    local times=""
    for _ in 1 2 3 4 5; do
      times="$times$(curl -s -b "$jar" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$page")\n"
    done
    local status=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$page")
    echo "| $db | \`$page\` | $status | $(printf "$times" | median) |"
  done
  echo "| $db | import of $READERS readers (CLI) | | $(printf '%.0f' "$(echo "$imported * 1000" | bc)") |"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

echo "| database | page | status | median ms |"
echo "| --- | --- | --- | --- |"
if [ "$ONLY" != postgres ]; then run sqlite "sqlite://$WORK/caravan.db"; fi
if [ "$ONLY" != sqlite ]; then
  name="caravan_bench_readers_$$"
  psql "$PG_SERVER" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "${PG_SERVER%/*}/$name"
  psql "$PG_SERVER" -qc "DROP DATABASE $name" >/dev/null
fi
