#!/usr/bin/env bash
# Search in the archive: N sent issues (500 by default), each carrying three to six of the
# sample articles plus three written here, on SQLite and PostgreSQL; then wrk (8 connections)
# on `GET /archive?q=` for a word in many stories, a word in few, two words together, and a
# word in none, against a release build of `caravan serve`. The first search builds the
# index (timed apart). Prints a Markdown table for BENCHMARKS.md.
#
#   benches/archive_search.sh [--issues 500] [--duration 10] [--only sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."

ISSUES=500
DURATION=10
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --issues) ISSUES="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PORT=18083

source benches/tools/wrk_bench.sh
need wrk wrk
need psql postgresql-client

BIN=$(bench_bin)
ROOT="$PWD"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r articles "$WORK/articles"
for n in 1 2 3; do
  cat >"$WORK/articles/bench-article-$n.md" <<ARTICLE
+++
title = "Le corridor transcaspien, étape $n"
lang = "fr"
+++

Les ministres des transports ont discuté des tarifs ferroviaires et des ports de la Caspienne.
Les coopérations régionales se renforcent, étape $n, selon les délégations.
ARTICLE
done

# The issues, straight into the database: what N weeks of sending would have left.
seed() { # $1 sqlite|postgres, $2 DATABASE_URL
  python3 - "$1" "$2" "$ISSUES" <<'PY'
import random, subprocess, sys
kind, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(20261130)
rows, links = [], []
for i in range(1, n + 1):
    at = f"2020-01-01 00:00:00+00:00" if kind == "sqlite" else "2020-01-01T00:00:00Z"
    rows.append(f"({i}, 'bench-{i:04d}', 'digest', 'Semaine {i}', NULL, 'sent', '{at}', '{at}', '{at}', '{at}')")
OVERRIDE = "" if kind == "sqlite" else "OVERRIDING SYSTEM VALUE "
SQL_ISSUES = ("INSERT INTO issues (id, slug, kind, subject, intro, status, created_at, sent_at, "
              "started_at, finished_at) " + OVERRIDE + "VALUES " + ",".join(rows) + ";")
def articles_sql(ids):
    out = []
    for i in range(1, n + 1):
        chosen = random.sample(ids, random.randint(3, min(6, len(ids))))
        for pos, a in enumerate(chosen):
            out.append(f"({i}, {a}, {pos}, {a})")
    return "INSERT INTO issue_articles (issue_id, article_id, position, lead_article_id) VALUES " + ",".join(out) + ";"
if kind == "sqlite":
    import sqlite3
    db = sqlite3.connect(url.removeprefix("sqlite://"))
    ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    db.executescript(SQL_ISSUES + articles_sql(ids))
    db.commit()
else:
    ids = [int(x) for x in subprocess.check_output(["psql", url, "-Atc", "SELECT id FROM articles"]).split()]
    subprocess.run(["psql", url, "-qc", SQL_ISSUES + articles_sql(ids)], check=True)
    subprocess.run(["psql", url, "-qc", "SELECT setval(pg_get_serial_sequence('issues', 'id'), 100000)"], check=True, stdout=subprocess.DEVNULL)
PY
}


run() { # database label, DATABASE_URL
  local db="$1"
  cd "$WORK"
  export DATABASE_URL="$2" CARAVAN_LISTEN="127.0.0.1:$PORT" CARAVAN_ARTICLES_DIR="$WORK/articles" \
    CARAVAN_OUTBOX_DIR="$WORK/outbox-$db" RUST_LOG=warn
  "$BIN" migrate >/dev/null
  "$BIN" articles sync >/dev/null
  seed "$db" "$2"
  "$BIN" serve --no-workers --no-scheduler >"serve-$db.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
  local first
  first=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/archive?q=Khiva")
  echo "| $db | first search (indexes $ISSUES issues) | — | $(awk -v t="$first" 'BEGIN { printf "%.0f", t * 1000 }') | — | — |"
  for q in cooperations Khiva "tarifs+ferroviaires" pingouin; do
    wrk_row "$db" "GET /archive?q=$q" "$(wrk -t2 -c8 -d"${DURATION}s" --latency -s "$ROOT/benches/get.lua" "http://127.0.0.1:$PORT/archive?q=$q" | grep '^RESULT')"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  cd "$ROOT"
}

echo "$ISSUES sent issues; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| database | search | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
if [ "$ONLY" != postgres ]; then run sqlite "sqlite://$WORK/caravan.db"; fi
if [ "$ONLY" != sqlite ]; then
  name="caravan_bench_search_$$"
  psql "$PG_SERVER" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "${PG_SERVER%/*}/$name"
  psql "$PG_SERVER" -qc "DROP DATABASE $name" >/dev/null
fi
