#!/usr/bin/env bash
# Bounce listener throughput: how many DSNs a second Caravan's listener reads into the ledger,
# alone and while an issue is being sent, on SQLite (the single-writer case), beside the
# ceiling of the DSN driver itself against Postfix's smtp-sink in the same run.
#
#   benches/bounces.sh [--readers 300000] [--dsns 20000] [--connections 8]
#
# Set-up: READERS confirmed readers and one digest; the driver (benches/tools/dsn_source.py,
# Python asyncio) sends Postfix-shaped DSNs (a hard 5.1.1 each, 1.6 kB) to genuine VERP return
# paths of issue 1, MAIL, RCPT and DATA pipelined, over CONNECTIONS connections.
#   1. reference: the driver to smtp-sink (nothing parsed, nothing stored);
#   2. `caravan bounces` alone: DSNS reports for readers 1..DSNS;
#   3. the same while `caravan issues send 1 --wait` sends to smtp-sink in another process
#      (VERP return paths on): DSNS more reports for the next readers.
# After each run the ledger must hold one event and one suppressed reader per DSN.
set -euo pipefail
cd "$(dirname "$0")/.."

READERS=300000
DSNS=20000
CONNECTIONS=8
while [ $# -gt 0 ]; do
  case "$1" in
    --readers) READERS="$2"; shift 2 ;;
    --dsns) DSNS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SINK_PORT=12525
LISTEN_PORT=12526
DOMAIN=bounces.example.kz
SECRET="bench-secret-bench-secret-bench-secret-0123"

if ! [ -x /usr/sbin/smtp-sink ]; then
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && apt-get install -y -qq postfix >/dev/null
fi

BIN="${CARAVAN_BENCH_BIN:-}"
if [ -z "$BIN" ]; then cargo build --release --quiet; BIN="$PWD/target/release/caravan"; fi
REPO="$PWD"
WORK=$(mktemp -d)
PIDS=""
trap 'kill $PIDS 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r articles "$WORK/articles"
cd "$WORK"

awk -v n="$READERS" 'BEGIN { print "email,name,lang";
  for (i = 0; i < n; i++) printf "reader%d@example.kz,Lecteur %d,fr\n", i, i }' >readers.csv
export DATABASE_URL="sqlite://$WORK/bench.db" CARAVAN_SECRET="$SECRET" \
  CARAVAN_BOUNCE_DOMAIN="$DOMAIN" CARAVAN_MAIL_FROM="Caravan <news@example.kz>" \
  CARAVAN_ARTICLES_DIR="$WORK/articles" CARAVAN_SMTP_URL="smtp://127.0.0.1:$SINK_PORT" \
  RUST_LOG=warn CARAVAN_LOG_FORMAT=json
"$BIN" migrate >/dev/null
"$BIN" subscribers import readers.csv >/dev/null 2>&1
"$BIN" digest build >/dev/null 2>&1

/usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$SINK_PORT" 8192 >sink.log 2>&1 &
PIDS="$PIDS $!"
sleep 0.5

drive() { # $1 port, $2 first reader: prints the driver's rate
  python3 "$REPO/benches/tools/dsn_source.py" --port "$1" --domain "$DOMAIN" --secret "$SECRET" \
    --issue 1 --first "$2" --count "$DSNS" --connections "$CONNECTIONS" | tee -a driver.log |
    sed -n 's/^DSNs: .*: \([0-9]*\)\/s$/\1/p'
}
ledger() { # events and suppressed readers
  python3 - "$WORK/bench.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
events = db.execute("SELECT COUNT(*) FROM bounce_events").fetchone()[0]
suppressed = db.execute("SELECT COUNT(*) FROM subscribers WHERE suppressed IS NOT NULL").fetchone()[0]
print(events, suppressed)
EOF
}
check() { # $1 expected events
  read -r events suppressed < <(ledger)
  if [ "$events" != "$1" ] || [ "$suppressed" != "$1" ]; then
    echo "the ledger holds $events events and $suppressed suppressed readers, not $1" >&2
    tail -n 3 driver.log >&2
    grep -v '"level":"INFO"' listener.log | tail -n 5 >&2
    exit 1
  fi
}
wait_port() {
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on 127.0.0.1:$1" >&2; exit 1
}

# 1. The driver's own ceiling.
REFERENCE=$(drive "$SINK_PORT" 1)

# 2. The listener alone.
/usr/bin/env "$BIN" bounces --listen "127.0.0.1:$LISTEN_PORT" >listener.log 2>&1 &
LISTENER=$!
PIDS="$PIDS $LISTENER"
wait_port "$LISTEN_PORT"
ALONE=$(drive "$LISTEN_PORT" 1)
check "$DSNS"
CPU_ALONE=$(ps -o cputime= -p "$LISTENER")

# 3. While a send runs in another process (the readers bounced above are left out).
"$BIN" issues send 1 --wait >send.out 2>send.err &
SEND=$!
PIDS="$PIDS $SEND"
# The DSNs start once the send is under way (its fan-out takes well under a second).
sleep 2
DURING=$(drive "$LISTEN_PORT" $((DSNS + 1)))
kill -0 "$SEND" 2>/dev/null && STILL="still sending" || STILL="the send had ended: use more --readers"
check $((DSNS * 2))
wait "$SEND"
SEND_RATE=$(sed -n 's/^Speed: \([0-9]*\) messages per second.*/\1/p' send.out)

echo
echo "SQLite; $READERS readers; $DSNS DSNs a run over $CONNECTIONS connections; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| run | DSNs a second |"
echo "| --- | ---: |"
echo "| driver to smtp-sink (its ceiling) | $REFERENCE |"
echo "| caravan bounces, alone | **$ALONE** |"
echo "| caravan bounces, during \`issues send\` ($STILL when the DSNs ended) | **$DURING** |"
echo
echo "The send during the DSNs: $SEND_RATE messages a second (VERP return paths on)."
echo "Listener CPU for the first $DSNS: $CPU_ALONE"
