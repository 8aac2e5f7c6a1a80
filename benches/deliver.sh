#!/usr/bin/env bash
# Delivery throughput: N confirmed readers, one digest built from the sample articles, sent by
# a release build of `caravan issues send ID --wait` to Postfix's smtp-sink on loopback, on
# SQLite and on PostgreSQL. Then, as the ceiling, Postfix's smtp-source sends as many
# messages of the same size with the same concurrency to the same sink.
#
#   benches/deliver.sh [--readers 100000] [--million] [--concurrency 8] [--only sqlite|postgres]
#
# Prints a Markdown table to paste into BENCHMARKS.md, and checks that the sink received
# exactly one message per reader.
set -euo pipefail
cd "$(dirname "$0")/.."

READERS=100000
CONCURRENCY=8
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --readers) READERS="$2"; shift 2 ;;
    --million) READERS=1000000; shift ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
SINK_PORT=12525

install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}
if ! [ -x /usr/sbin/smtp-sink ]; then
  # Postfix only for its test tools: no mail system configured, the daemon never started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  install postfix
fi
command -v psql >/dev/null 2>&1 || install postgresql-client
[ -x /usr/bin/time ] || install time

# CARAVAN_BENCH_BIN runs an earlier build instead (a before/after comparison in one session).
BIN="${CARAVAN_BENCH_BIN:-}"
if [ -z "$BIN" ]; then cargo build --release --quiet; BIN="$PWD/target/release/caravan"; fi
WORK=$(mktemp -d)
trap 'kill "${SINK:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r articles "$WORK/articles"
cd "$WORK"

# Readers: addresses on a domain the sink accepts, some in English, some with a name.
awk -v n="$READERS" 'BEGIN { print "email,name,lang";
  for (i = 0; i < n; i++) printf "reader%d@example.kz,Lecteur %d,%s\n", i, i, (i % 5 ? "fr" : "en") }' \
  >readers.csv

start_sink() {
  kill "${SINK:-}" 2>/dev/null || true
  wait "${SINK:-}" 2>/dev/null || true
  # -c: count messages (printed at exit via the log); 8192 backlog; as nobody when root.
  /usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$SINK_PORT" 8192 >"sink-$1.log" 2>&1 &
  SINK=$!
  sleep 0.5
}

ROWS=()
run_caravan() { # $1 label, $2 DATABASE_URL
  local label="$1" url="$2"
  export DATABASE_URL="$url" CARAVAN_SMTP_URL="smtp://127.0.0.1:$SINK_PORT" \
    CARAVAN_SEND_CONCURRENCY="$CONCURRENCY" CARAVAN_MAIL_FROM="Caravan <news@example.kz>" \
    CARAVAN_ARTICLES_DIR="$WORK/articles" RUST_LOG=info CARAVAN_LOG_FORMAT=json
  "$BIN" migrate >/dev/null
  "$BIN" subscribers import readers.csv >/dev/null 2>&1
  "$BIN" digest build >/dev/null 2>&1
  start_sink "$label"
  /usr/bin/time -v "$BIN" issues send 1 --wait >"send-$label.out" 2>"send-$label.err"
  local rate fanout rss seconds
  rate=$(sed -n 's/^Speed: \([0-9]*\) messages per second over \([0-9.]*\) s$/\1/p' "send-$label.out")
  seconds=$(sed -n 's/^Speed: \([0-9]*\) messages per second over \([0-9.]*\) s$/\2/p' "send-$label.out")
  fanout=$(grep -o '"issue fanned out"[^}]*' "send-$label.err" "send-$label.out" 2>/dev/null |
    grep -o '"elapsed_ms":[0-9]*' | head -n 1 | cut -d: -f2)
  rss=$(awk '/Maximum resident set size/ {print int($6 / 1024)}' "send-$label.err")
  local sent
  sent=$(grep -o 'sent [0-9]*, bounced' "send-$label.out" | grep -o '[0-9]*')
  if [ "$sent" != "$READERS" ]; then
    echo "$label: $sent of $READERS sent" >&2
    tail -n 20 "send-$label.err" >&2
    exit 1
  fi
  ROWS+=("| Caravan, $label | $READERS | $seconds s | **$rate/s** | ${fanout:-?} ms | $rss MB |")
  CARAVAN_RATE="$rate"
  unset DATABASE_URL CARAVAN_SMTP_URL
}

# One message exactly as a reader gets it, for smtp-source's size.
mkdir -p one && (
  cd one
  printf 'email,name,lang\nreader0@example.kz,Lecteur 0,fr\n' >one.csv
  export DATABASE_URL="sqlite://$WORK/one/one.db" CARAVAN_OUTBOX_DIR="$WORK/one/outbox" \
    CARAVAN_ARTICLES_DIR="$WORK/articles" RUST_LOG=warn CARAVAN_MAIL_FROM="Caravan <news@example.kz>"
  "$BIN" subscribers import one.csv >/dev/null
  "$BIN" digest build >/dev/null
  "$BIN" issues send 1 --wait >/dev/null 2>&1
)
SIZE=$(stat -c %s "$WORK"/one/outbox/*.eml | head -n 1)

if [ "$ONLY" != "postgres" ]; then
  run_caravan SQLite "sqlite://$WORK/bench.db"
  SQLITE_RATE="$CARAVAN_RATE"
fi
if [ "$ONLY" != "sqlite" ]; then
  psql "$PG_SERVER" -qc "DROP DATABASE IF EXISTS caravan_bench" >/dev/null
  psql "$PG_SERVER" -qc "CREATE DATABASE caravan_bench" >/dev/null
  run_caravan PostgreSQL "${PG_SERVER%/*}/caravan_bench"
  PG_RATE="$CARAVAN_RATE"
  psql "$PG_SERVER" -qc "DROP DATABASE IF EXISTS caravan_bench" >/dev/null
fi

# The ceiling: smtp-source, same size, same concurrency, same sink, connections kept open
# between messages (-d) as Caravan keeps them.
start_sink smtp-source
start=$(date +%s.%N)
/usr/sbin/smtp-source -d -s "$CONCURRENCY" -m "$READERS" -l "$SIZE" -f news@example.kz \
  -t reader@example.kz "127.0.0.1:$SINK_PORT"
end=$(date +%s.%N)
SOURCE_RATE=$(awk -v n="$READERS" -v a="$start" -v b="$end" 'BEGIN { printf "%d", n / (b - a) }')
SOURCE_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
ROWS+=("| smtp-source (ceiling) | $READERS | $SOURCE_SECONDS s | **$SOURCE_RATE/s** | — | — |")

echo
echo "Message: $SIZE bytes; $CONCURRENCY connections; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| sender | messages | time | rate | fan-out | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
for pair in "SQLite:${SQLITE_RATE:-}" "PostgreSQL:${PG_RATE:-}"; do
  rate="${pair#*:}"
  [ -n "$rate" ] && awk -v l="${pair%%:*}" -v c="$rate" -v s="$SOURCE_RATE" \
    'BEGIN { printf "\n%s: %.0f %% of smtp-source", l, 100 * c / s }'
done
echo
