#!/usr/bin/env bash
# Story links under load: wrk (64 connections) on `GET /r/{issue}/{story}` of a sent issue,
# the five sample stories in turn, with a browser's user agent, against a release build of
# `caravan serve`: once with counting on, once with CARAVAN_CLICK_COUNTS=off (the same
# redirect, nothing counted: the reference), and the archived issue page beside them. Then
# the server is stopped (SIGTERM) and the counts in the database are compared with the
# server's own count of redirects answered (/metrics) and wrk's: no click may be lost or
# added. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/clicks.sh [--duration 10] [--connections 64] [--only sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=10
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
PORT=18084

source benches/tools/wrk_bench.sh
need wrk wrk
need psql postgresql-client
need sqlite3 sqlite3

BIN=$(bench_bin)
ROOT="$PWD"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r articles "$WORK/articles"

sql() { # database kind, url, statement: one value
  case "$1" in
    sqlite) sqlite3 "${2#sqlite://}" "$3" ;;
    postgres) psql "$2" -Atqc "$3" ;;
  esac
}

# One issue carrying the five sample stories, sent an hour ago: clicks on it count.
seed() { # kind, url
  local at
  at=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%S+00:00)
  sql "$1" "$2" "INSERT INTO issues (slug, kind, subject, status, created_at, sent_at, started_at, finished_at, last_sent_at) VALUES ('bench-clicks', 'digest', 'Semaine de test', 'sent', '$at', '$at', '$at', '$at', '$at')" >/dev/null
  sql "$1" "$2" "INSERT INTO issue_articles (issue_id, article_id, position, lead_article_id) SELECT i.id, a.id, a.id, a.id FROM issues i, articles a WHERE i.slug = 'bench-clicks'" >/dev/null
}

serve() { # kind, url, counts on|off
  CARAVAN_CLICK_COUNTS="$3" "$BIN" serve --no-workers --no-scheduler >>"$WORK/serve-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
}

stop() {
  kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

run() { # kind, DATABASE_URL
  local db="$1" url="$2"
  cd "$WORK"
  export DATABASE_URL="$url" CARAVAN_LISTEN="127.0.0.1:$PORT" CARAVAN_ARTICLES_DIR="$WORK/articles" \
    CARAVAN_OUTBOX_DIR="$WORK/outbox-$db" RUST_LOG=warn
  "$BIN" migrate >/dev/null
  "$BIN" articles sync >/dev/null
  seed "$db" "$url"
  local issue paths
  issue=$(sql "$db" "$url" "SELECT id FROM issues WHERE slug = 'bench-clicks'")
  paths=$(sql "$db" "$url" "SELECT a.slug FROM issue_articles ia JOIN articles a ON a.id = ia.article_id WHERE ia.issue_id = $issue" |
    sed "s|^|/r/$issue/|" | paste -sd, -)
  local result

  # The reference: the same redirects, counting off.
  serve "$db" "$url" off
  result=$(CLICK_PATHS="$paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/benches/clicks.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
  wrk_row "$db" "redirect, counting off (reference)" "$result"
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/benches/get.lua" "http://127.0.0.1:$PORT/archive/bench-clicks" | grep '^RESULT')
  wrk_row "$db" "archived issue page (reference)" "$result"
  stop

  serve "$db" "$url" on
  result=$(CLICK_PATHS="$paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/benches/clicks.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
  wrk_row "$db" "redirect, counting on" "$result"
  local answered wrk_requests
  answered=$(curl -fs "http://127.0.0.1:$PORT/metrics" |
    awk '/^caravan_http_requests_total\{.*route="\/r\/\{issue\}\/\{story\}".*status="302"/ { n += $2 } END { print n + 0 }')
  wrk_requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
  stop
  local counted left_out
  counted=$(sql "$db" "$url" "SELECT COALESCE(SUM(clicks), 0) FROM story_clicks WHERE issue_id = $issue")
  left_out=$(sql "$db" "$url" "SELECT COALESCE(SUM(early + robots), 0) FROM story_clicks WHERE issue_id = $issue")
  EXACT+=("| $db | $wrk_requests | $answered | $counted | $left_out | $([ "$counted" = "$answered" ] && echo yes || echo NO) |")
  cd "$ROOT"
}

EXACT=()
echo "$(nproc) cores; $(date -u +%Y-%m-%d); wrk -t2 -c$CONNECTIONS -d${DURATION}s"
echo
echo "| database | what | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
if [ "$ONLY" != postgres ]; then run sqlite "sqlite://$WORK/caravan.db"; fi
if [ "$ONLY" != sqlite ]; then
  name="caravan_bench_clicks_$$"
  psql "$PG_SERVER" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "${PG_SERVER%/*}/$name"
  psql "$PG_SERVER" -qc "DROP DATABASE $name" >/dev/null
fi
echo
echo "| database | wrk's completed requests | redirects the server answered | clicks counted in the database | left out | exact |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
printf '%s\n' "${EXACT[@]}"
