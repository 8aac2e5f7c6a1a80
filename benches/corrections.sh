#!/usr/bin/env bash
# Corrections at scale: a million readers (CSV import, each with a random choice of topics,
# a third with every topic), this week's digest of the sample articles marked sent to all of
# them (one `sent` delivery each, with the topics the copy was cut by), then, timed with
# /usr/bin/time against a release build: how many readers a correction of the Khiva story
# would reach (`caravan articles correct --dry-run`, what the admin page computes before
# sending), then publishing it (the letter's readers recorded in one transaction). On
# SQLite and PostgreSQL. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/corrections.sh [--readers 1000000] [--only sqlite|postgres]
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
SLUG=renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre

source benches/tools/wrk_bench.sh
need psql postgresql-client
need sqlite3 sqlite3

BIN=$(bench_bin)
ROOT="$PWD"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
awk -v n="$READERS" 'BEGIN {
  srand(20261130);
  split("kazakhstan kirghizistan ouzbekistan tadjikistan turkmenistan asie-centrale", t, " ");
  print "email,name,lang,status,topics";
  for (i = 0; i < n; i++) {
    topics = "";
    if (i % 3) {
      for (k = 1; k <= 6; k++) if (rand() < 0.4) topics = topics (topics == "" ? "" : ";") t[k];
      if (topics == "") topics = t[int(rand() * 6) + 1];
    }
    printf "reader%07d@example.kz,Lecteur %d,fr,confirmed,%s\n", i, i, topics
  }
}' >"$WORK/readers.csv"

sql() { # kind, url, statement
  case "$1" in
    sqlite) sqlite3 "${2#sqlite://}" "$3" ;;
    postgres) psql "$2" -Atqc "$3" ;;
  esac
}

timed() { # label, kind, command…: one table row (seconds, peak memory)
  local label="$1" db="$2"; shift 2
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; return 1; }
  local seconds kb
  seconds=$(awk '{ print $1 }' "$WORK/time"); kb=$(awk '{ print $2 }' "$WORK/time")
  echo "| $db | $label | $(cat "$WORK/out" | tr '\n' ' ' | sed 's/|/\\|/g') | $seconds | $((kb / 1024)) |"
}

run() { # kind, DATABASE_URL
  local db="$1" url="$2"
  rm -rf "$WORK/articles"; cp -r articles "$WORK/articles"
  export DATABASE_URL="$url" CARAVAN_ARTICLES_DIR="$WORK/articles" CARAVAN_OUTBOX_DIR="$WORK/outbox-$db" RUST_LOG=warn
  "$BIN" migrate >/dev/null
  "$BIN" articles sync >/dev/null
  "$BIN" subscribers import "$WORK/readers.csv" >/dev/null 2>&1
  "$BIN" digest build >/dev/null
  local issue now
  issue=$(sql "$db" "$url" "SELECT MAX(id) FROM issues")
  now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
  sql "$db" "$url" "UPDATE issues SET status = 'sent', sent_at = '$now', started_at = '$now', finished_at = '$now', last_sent_at = '$now' WHERE id = $issue" >/dev/null
  sql "$db" "$url" "INSERT INTO deliveries (issue_id, subscriber_id, status, attempts, next_attempt_at, sent_at, sent_topics) SELECT $issue, id, 'sent', 1, '$now', '$now', topics FROM subscribers" >/dev/null
  # What autovacuum (PostgreSQL) or an operator's ANALYZE would have done by then.
  sql "$db" "$url" "ANALYZE" >/dev/null
  timed "reach of a correction (\`--dry-run\`)" "$db" "$BIN" articles correct "$SLUG" --note "La rencontre a eu lieu à Khiva." --dry-run
  timed "publish it (readers recorded, letter queued)" "$db" "$BIN" articles correct "$SLUG" --note "La rencontre a eu lieu à Khiva."
  echo "| $db | readers listed for the letter | $(sql "$db" "$url" "SELECT COUNT(*) FROM correction_readers") | — | — |"
}

echo "$READERS readers; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| database | step | answer | seconds | peak MB |"
echo "| --- | --- | --- | ---: | ---: |"
if [ "$ONLY" != postgres ]; then run sqlite "sqlite://$WORK/caravan.db"; fi
if [ "$ONLY" != sqlite ]; then
  name="caravan_bench_corrections_$$"
  psql "$PG_SERVER" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "${PG_SERVER%/*}/$name"
  psql "$PG_SERVER" -qc "DROP DATABASE $name" >/dev/null
fi
