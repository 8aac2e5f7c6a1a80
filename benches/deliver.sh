#!/usr/bin/env bash
# Delivery throughput: N confirmed readers, one digest built from the sample articles, sent by
# a release build of `caravan issues send ID --wait` to Postfix's smtp-sink on loopback, on
# SQLite and on PostgreSQL. Then, as the ceiling, Postfix's smtp-source sends as many
# messages of the same size with the same concurrency to the same sink.
#
#   benches/deliver.sh [--readers 100000] [--million] [--concurrency 8] [--only sqlite|postgres]
#                      [--rtt-ms 20] [--tls starttls|implicit] [--dkim rsa|ed25519|both] [--pin]
#                      [--verp] [--topics] [--sink smtp-sink|bench-sink]
#
# Prints a Markdown table to paste into BENCHMARKS.md, and checks that the sink received
# exactly one message per reader.
#
# --rtt-ms N   a simulated network round trip between sender and relay: the loopback kernel
#              has no netem, so benches/tools/delay_proxy.py (Python 3, stdlib) relays every
#              connection and holds each chunk N/2 ms in each direction. Caravan and
#              smtp-source both go through it, so the table compares them on the same network.
# --tls MODE   Caravan talks TLS to the relay: stunnel (Debian's stunnel4, installed if
#              missing) in front of smtp-sink, with a throwaway CA and a certificate for
#              localhost / 127.0.0.1 made with openssl in the work directory, given to Caravan
#              as CARAVAN_SMTP_CA_FILE. implicit: smtps://localhost:PORT; starttls:
#              smtp://localhost:PORT?tls=required (stunnel's `protocol = smtp`). The delay
#              proxy, if any, sits between Caravan and stunnel. smtp-source cannot do TLS: it
#              still sends plaintext to the sink (through its own delay proxy if --rtt-ms).
#              Before sending, openssl s_client pushes one message through the terminator,
#              verifying the certificate against the CA, so a broken setup stops the run;
#              a build that does not read CARAVAN_SMTP_CA_FILE fails the handshake
#              (UnknownIssuer) and the run stops at its first such error.
# --dkim ALG   Caravan signs every message: rsa (RSA-2048), ed25519, or both (two signatures,
#              CARAVAN_DKIM_SELECTOR=rsa,ed and CARAVAN_DKIM_KEY=rsa.pem,ed.b64 paired in
#              order; a build that reads one key only rejects the pair). Keys made with
#              openssl in the work directory. Also measures
#              `openssl speed -seconds 5 -multi 2 rsa2048` (and ed25519 when used), before the
#              sends and after them, and prints the higher beside Caravan's rate.
# --verp       SQLite is sent twice, the second time on a fresh database with VERP return
#              paths (CARAVAN_BOUNCE_DOMAIN): a return path signed for every message, compared
#              with the plain run just before it.
# --topics     SQLite is sent twice on fresh databases, with the same digest (the sample
#              articles and three more, so that its six groups of stories touch every topic):
#              first every reader takes every topic (one edition), then each reader chooses a
#              random non-empty subset of the six topics (up to 63 different copies; a reader
#              whose topics no story touches is skipped). Prints the second rate as a share of
#              the first, with the fan-out time and the peak RSS of each.
# --sink KIND  where Caravan sends: smtp-sink (Postfix's, the default, behind stunnel with
#              --tls) or bench-sink (examples/bench_sink.rs, built here): a sink that speaks
#              TLS itself, implicit or by STARTTLS, as a relay does, so that a plaintext run
#              and a TLS run against it differ by the encryption alone, without stunnel's
#              second process and copy of every byte. smtp-source always uses smtp-sink.
# --pin        the sender (Caravan, then smtp-source) on core 0 and the relay's side (sink,
#              stunnel, delay proxy) on core 1 (taskset), so that a TLS terminator or a sink
#              on the same two cores does not take the sender's CPU: compare runs made alike.
set -euo pipefail
cd "$(dirname "$0")/.."

READERS=100000
CONCURRENCY=8
PIN_SENDER=""
PIN_RELAY=""
ONLY=""
RTT_MS=""
TLS=""
DKIM=""
VERP=""
TOPICS=""
SINK_KIND=smtp-sink
while [ $# -gt 0 ]; do
  case "$1" in
    --readers) READERS="$2"; shift 2 ;;
    --million) READERS=1000000; shift ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --rtt-ms) RTT_MS="$2"; shift 2 ;;
    --tls) TLS="$2"; shift 2 ;;
    --dkim) DKIM="$2"; shift 2 ;;
    --pin) PIN_SENDER="taskset -c 0"; PIN_RELAY="taskset -c 1"; shift ;;
    --verp) VERP=1; shift ;;
    --topics) TOPICS=1; shift ;;
    --sink) SINK_KIND="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$TLS" in "" | starttls | implicit) ;; *) echo "--tls starttls|implicit" >&2; exit 2 ;; esac
case "$SINK_KIND" in smtp-sink | bench-sink) ;; *) echo "--sink smtp-sink|bench-sink" >&2; exit 2 ;; esac
case "$DKIM" in "" | rsa | ed25519 | both) ;; *) echo "--dkim rsa|ed25519|both" >&2; exit 2 ;; esac
case "$RTT_MS" in "" | [0-9]*) ;; *) echo "--rtt-ms takes milliseconds" >&2; exit 2 ;; esac
PG_SERVER="${CARAVAN_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
SINK_PORT=12525
TLS_PORT=12465       # stunnel, in front of the sink (--tls)
BENCH_SINK_PORT=12526 # examples/bench_sink.rs (--sink bench-sink)
PROXY_PORT=12600     # delay proxy on Caravan's path (--rtt-ms), and smtp-source's without --tls
SOURCE_PROXY_PORT=12601 # delay proxy from smtp-source straight to the sink (--rtt-ms with --tls)

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
if [ -n "$TLS" ] && ! command -v stunnel4 >/dev/null 2>&1; then install stunnel4; fi

# CARAVAN_BENCH_BIN runs an earlier build instead (a before/after comparison in one session).
BIN="${CARAVAN_BENCH_BIN:-}"
if [ -z "$BIN" ]; then cargo build --release --quiet; BIN="$PWD/target/release/caravan"; fi
if [ "$SINK_KIND" = bench-sink ]; then
  cargo build --release --quiet --example bench_sink
  BENCH_SINK="$PWD/target/release/examples/bench_sink"
fi
REPO="$PWD"
WORK=$(mktemp -d)
HELPERS="" # delay proxies and stunnel, stopped with the sink at exit
trap 'kill "${SINK:-}" $HELPERS 2>/dev/null || true; rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cp -r articles "$WORK/articles"
cd "$WORK"
if [ -n "$TOPICS" ]; then
  # Three more stories, one for each topic the sample articles leave alone (Tajikistan,
  # Turkmenistan, Kyrgyzstan on its own), so each of the six groups touches other topics.
  cat >articles/le-tadjikistan-inaugure-une-centrale.md <<'ARTICLE'
+++
title = "Le Tadjikistan inaugure une centrale hydroélectrique sur le Vakhch"
lang = "fr"
+++

Douchanbé a inauguré une nouvelle centrale. Le Tadjikistan compte sur l’énergie du Vakhch pour
exporter son électricité ; les ingénieurs tadjiks ont achevé le chantier avant l’hiver.
ARTICLE
  cat >articles/le-turkmenistan-ouvre-une-ligne-ferroviaire.md <<'ARTICLE'
+++
title = "Le Turkménistan ouvre une ligne ferroviaire vers la Caspienne"
lang = "fr"
+++

Achgabat relie désormais la côte caspienne. Le Turkménistan attend du trafic de marchandises ;
les cheminots turkmènes ont posé les derniers rails en novembre.
ARTICLE
  cat >articles/bichkek-accueille-un-forum-des-medias.md <<'ARTICLE'
+++
title = "Bichkek accueille un forum des médias indépendants"
lang = "fr"
+++

Le Kirghizistan réunit des journalistes de toute la région. À Bichkek, les organisateurs
kirghiz ont insisté sur la protection des sources.
ARTICLE
  # Each reader a random non-empty subset of the six topics (slugs joined by `;`).
  awk -v n="$READERS" 'BEGIN { srand(20261130);
    split("kazakhstan kirghizistan ouzbekistan tadjikistan turkmenistan asie-centrale", t, " ");
    print "email,name,lang,topics";
    for (i = 0; i < n; i++) {
      mask = 1 + int(rand() * 63); list = "";
      for (b = 0; b < 6; b++) if (int(mask / 2 ^ b) % 2) list = list (list == "" ? "" : ";") t[b + 1];
      printf "reader%d@example.kz,Lecteur %d,%s,%s\n", i, i, (i % 5 ? "fr" : "en"), list
    } }' >readers-topics.csv
fi

# Readers: addresses on a domain the sink accepts, some in English, some with a name.
awk -v n="$READERS" 'BEGIN { print "email,name,lang";
  for (i = 0; i < n; i++) printf "reader%d@example.kz,Lecteur %d,%s\n", i, i, (i % 5 ? "fr" : "en") }' \
  >readers.csv

start_sink() {
  kill "${SINK:-}" 2>/dev/null || true
  wait "${SINK:-}" 2>/dev/null || true
  # -c: count messages (printed at exit via the log); 8192 backlog; as nobody when root.
  $PIN_RELAY /usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$SINK_PORT" 8192 >"sink-$1.log" 2>&1 &
  SINK=$!
  sleep 0.5
}

wait_port() { # $1 port: until something accepts on 127.0.0.1:$1
  local i
  for i in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  exit 1
}

# Where Caravan connects (RELAY_PORT) and where smtp-source connects (SOURCE_PORT).
RELAY_PORT=$SINK_PORT
SOURCE_PORT=$SINK_PORT

if [ -n "$TLS" ]; then
  # A throwaway CA, and a certificate it signs for localhost / 127.0.0.1.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Caravan bench CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout relay.key -out relay.csr \
    2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "extendedKeyUsage=serverAuth" \
    "basicConstraints=CA:FALSE" >relay.ext
  openssl x509 -req -in relay.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile relay.ext -out relay.pem 2>/dev/null
fi
if [ "$SINK_KIND" = bench-sink ]; then
  sink_tls=()
  [ -n "$TLS" ] && sink_tls=(--tls "$TLS" --cert "$WORK/relay.pem" --key "$WORK/relay.key")
  $PIN_RELAY "$BENCH_SINK" --listen "127.0.0.1:$BENCH_SINK_PORT" "${sink_tls[@]}" \
    >bench-sink.log 2>&1 &
  HELPERS="$HELPERS $!"
  wait_port "$BENCH_SINK_PORT"
  RELAY_PORT=$BENCH_SINK_PORT
elif [ -n "$TLS" ]; then
  # stunnel terminates TLS and relays the plaintext to the sink; `protocol = smtp` (server
  # mode) answers the greeting and EHLO with STARTTLS itself, then hands over to the sink.
  {
    echo "foreground = yes"
    echo "pid ="
    echo "debug = 3"
    echo "socket = l:TCP_NODELAY=1"
    echo "socket = r:TCP_NODELAY=1"
    echo "[relay]"
    echo "accept = 127.0.0.1:$TLS_PORT"
    echo "connect = 127.0.0.1:$SINK_PORT"
    echo "cert = $WORK/relay.pem"
    echo "key = $WORK/relay.key"
    [ "$TLS" = starttls ] && echo "protocol = smtp"
  } >stunnel.conf
  $PIN_RELAY stunnel4 stunnel.conf >stunnel.log 2>&1 &
  HELPERS="$HELPERS $!"
  wait_port "$TLS_PORT"
  RELAY_PORT=$TLS_PORT
fi

if [ -n "$RTT_MS" ]; then
  start_proxy() { # $1 listen port, $2 upstream port
    $PIN_RELAY python3 "$REPO/benches/tools/delay_proxy.py" --listen "127.0.0.1:$1" \
      --upstream "127.0.0.1:$2" --rtt-ms "$RTT_MS" >>delay-proxy.log 2>&1 &
    HELPERS="$HELPERS $!"
    wait_port "$1"
  }
  start_proxy "$PROXY_PORT" "$RELAY_PORT"
  if [ "$RELAY_PORT" != "$SINK_PORT" ]; then
    start_proxy "$SOURCE_PROXY_PORT" "$SINK_PORT"
    SOURCE_PORT=$SOURCE_PROXY_PORT
  else
    SOURCE_PORT=$PROXY_PORT
  fi
  RELAY_PORT=$PROXY_PORT
fi

case "$TLS" in
  "") SMTP_URL="smtp://127.0.0.1:$RELAY_PORT" ;;
  implicit) SMTP_URL="smtps://localhost:$RELAY_PORT" ;;
  starttls) SMTP_URL="smtp://localhost:$RELAY_PORT?tls=required" ;;
esac

if [ -n "$TLS" ]; then
  # One message by hand through the same path Caravan takes, the certificate checked against
  # the CA: proves the terminator (and proxy) work whatever Caravan then does.
  start_sink preflight
  starttls_opt=()
  [ "$TLS" = starttls ] && starttls_opt=(-starttls smtp)
  for line in "EHLO preflight.example.kz" "MAIL FROM:<news@example.kz>" \
    "RCPT TO:<reader@example.kz>" DATA "Subject: preflight" "" "hello" . QUIT; do
    printf '%s\n' "$line"
    sleep 0.2
  done | timeout 20 openssl s_client -connect "localhost:$RELAY_PORT" "${starttls_opt[@]}" \
    -servername localhost -CAfile ca.pem -verify_return_error -crlf -quiet >preflight.out 2>&1 ||
    true
  if ! grep -q '^250 2\.0\.0' preflight.out; then
    echo "TLS preflight: the terminator did not take a message" >&2
    cat preflight.out >&2
    exit 1
  fi
  echo "TLS preflight ($TLS): openssl s_client sent one message through to the sink" >&2
  export CARAVAN_SMTP_CA_FILE="$WORK/ca.pem"
fi

if [ -n "$DKIM" ]; then
  # RSA-2048 as PKCS#1 ("BEGIN RSA PRIVATE KEY"), what today's builds read; PKCS#8 keys
  # ("BEGIN PRIVATE KEY", openssl's default) will be accepted too. Ed25519 as the base64 of
  # its raw 32-byte seed (RFC 8463): the last 32 bytes of the PKCS#8 DER.
  openssl genrsa -traditional -out dkim-rsa.pem 2048 2>/dev/null
  openssl genpkey -algorithm ed25519 -outform DER -out dkim-ed.der
  tail -c 32 dkim-ed.der | base64 -w 0 >dkim-ed.b64
  case "$DKIM" in
    rsa) CARAVAN_DKIM_SELECTOR=rsa CARAVAN_DKIM_KEY="$WORK/dkim-rsa.pem" ;;
    ed25519) CARAVAN_DKIM_SELECTOR=ed CARAVAN_DKIM_KEY="$WORK/dkim-ed.b64" ;;
    # Two signatures per message; the two lists are paired in order.
    both) CARAVAN_DKIM_SELECTOR=rsa,ed CARAVAN_DKIM_KEY="$WORK/dkim-rsa.pem,$WORK/dkim-ed.b64" ;;
  esac
  # Exported before the one message below, so smtp-source's size counts the signatures.
  export CARAVAN_DKIM_SELECTOR CARAVAN_DKIM_KEY
fi

ROWS=()
READERS_CSV=readers.csv
run_caravan() { # $1 label, $2 DATABASE_URL
  local label="$1" url="$2"
  export DATABASE_URL="$url" CARAVAN_SMTP_URL="$SMTP_URL" \
    CARAVAN_SEND_CONCURRENCY="$CONCURRENCY" CARAVAN_MAIL_FROM="Caravan <news@example.kz>" \
    CARAVAN_ARTICLES_DIR="$WORK/articles" RUST_LOG=info CARAVAN_LOG_FORMAT=json
  "$BIN" migrate >/dev/null
  "$BIN" subscribers import "$READERS_CSV" >/dev/null 2>&1
  "$BIN" digest build >/dev/null 2>&1
  start_sink "$label"
  if [ -z "$TLS" ]; then
    /usr/bin/time -v $PIN_SENDER "$BIN" issues send 1 --wait >"send-$label.out" 2>"send-$label.err"
  else
    # A send that fails the TLS handshake is retried for hours: stop at the first such error.
    /usr/bin/time -v $PIN_SENDER "$BIN" issues send 1 --wait >"send-$label.out" 2>"send-$label.err" &
    local timed=$! tls_error=""
    while kill -0 "$timed" 2>/dev/null; do
      # Newer builds log an unreachable relay (a failed handshake) once per pause instead.
      tls_error=$(grep -E 'send failed, will retry|cannot be reached' "send-$label.err" |
        grep -o '"error":"[^"]*' | grep -i -m 1 'certificate\|tls\|handshake' |
        cut -d'"' -f4) || true
      if [ -n "$tls_error" ]; then
        kill $(pgrep -P "$timed") 2>/dev/null || true
        wait "$timed" 2>/dev/null || true
        echo "$label: Caravan failed the TLS handshake with the relay: $tls_error" >&2
        echo "(CARAVAN_SMTP_CA_FILE=$CARAVAN_SMTP_CA_FILE; openssl s_client verified it above)" >&2
        exit 1
      fi
      sleep 0.5
    done
    wait "$timed"
  fi
  local rate fanout rss seconds cpu
  rate=$(sed -n 's/^Speed: \([0-9]*\) messages per second over \([0-9.]*\) s$/\1/p' "send-$label.out")
  seconds=$(sed -n 's/^Speed: \([0-9]*\) messages per second over \([0-9.]*\) s$/\2/p' "send-$label.out")
  fanout=$(grep -o '"issue fanned out"[^}]*' "send-$label.err" "send-$label.out" 2>/dev/null |
    grep -o '"elapsed_ms":[0-9]*' | head -n 1 | cut -d: -f2)
  rss=$(awk '/Maximum resident set size/ {print int($6 / 1024)}' "send-$label.err")
  # Caravan's own CPU (user + system, all threads) per message: steadier than the rate on a
  # shared machine, and what a change to the sender's cost moves.
  cpu=$(awk -v n="$READERS" '/User time \(seconds\)/ {u = $4} /System time \(seconds\)/ {s = $4}
    END { printf "%d", (u + s) * 1e6 / n }' "send-$label.err")
  local sent skipped
  sent=$(grep -o 'sent [0-9]*, bounced' "send-$label.out" | grep -o '[0-9]*')
  skipped=$(grep -o 'skipped [0-9]*, failed' "send-$label.out" | grep -o '[0-9]*')
  # Every reader once: sent, or skipped when their topics touch no story (--topics only).
  if [ $((sent + skipped)) != "$READERS" ] || { [ "$READERS_CSV" = readers.csv ] && [ "$skipped" != 0 ]; }; then
    echo "$label: $sent sent and $skipped skipped of $READERS" >&2
    tail -n 20 "send-$label.err" >&2
    exit 1
  fi
  ROWS+=("| Caravan, $label | $sent | $seconds s | **$rate/s** | $cpu µs | ${fanout:-?} ms | $rss MB |")
  CARAVAN_SKIPPED="$skipped" CARAVAN_FANOUT="${fanout:-?}" CARAVAN_RSS="$rss"
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

openssl_reference() { # prints ALG:SIGNS_PER_SECOND for each algorithm signed with
  speed() { # $1 openssl speed algorithm, $2 awk pattern of its summary line: sign/s
    openssl speed -seconds 5 -multi 2 "$1" 2>/dev/null |
      awk -v p="$2" '$0 ~ p { v = $(NF - 1) } END { printf "%d", v }'
  }
  [ "$DKIM" != ed25519 ] && echo "rsa2048:$(speed rsa2048 '^rsa 2048 bits ')"
  [ "$DKIM" != rsa ] && echo "ed25519:$(speed ed25519 '[(]Ed25519[)]')"
  return 0
}
SPEED_BEFORE=()
[ -n "$DKIM" ] && SPEED_BEFORE=($(openssl_reference))

if [ "$ONLY" != "postgres" ]; then
  run_caravan SQLite "sqlite://$WORK/bench.db"
  SQLITE_RATE="$CARAVAN_RATE"
  if [ -n "$VERP" ]; then
    export CARAVAN_BOUNCE_DOMAIN=bounces.example.kz
    run_caravan "SQLite, VERP return paths" "sqlite://$WORK/bench-verp.db"
    VERP_RATE="$CARAVAN_RATE"
    unset CARAVAN_BOUNCE_DOMAIN
  fi
  if [ -n "$TOPICS" ]; then
    READERS_CSV=readers-topics.csv
    run_caravan "SQLite, each reader's topics" "sqlite://$WORK/bench-topics.db"
    TOPICS_RATE="$CARAVAN_RATE" TOPICS_SKIPPED="$CARAVAN_SKIPPED"
    TOPICS_FANOUT="$CARAVAN_FANOUT" TOPICS_RSS="$CARAVAN_RSS"
    READERS_CSV=readers.csv
    # How many different copies the readers' topics made (one rendering each).
    COPIES=$(grep -c '"copy rendered"' "send-SQLite, each reader's topics.err" || true)
  fi
fi
if [ "$ONLY" != "sqlite" ]; then
  psql "$PG_SERVER" -qc "DROP DATABASE IF EXISTS caravan_bench" >/dev/null
  psql "$PG_SERVER" -qc "CREATE DATABASE caravan_bench" >/dev/null
  run_caravan PostgreSQL "${PG_SERVER%/*}/caravan_bench"
  PG_RATE="$CARAVAN_RATE"
  psql "$PG_SERVER" -qc "DROP DATABASE IF EXISTS caravan_bench" >/dev/null
fi

# The ceiling: smtp-source, same size, same concurrency, same sink, connections kept open
# between messages (-d) as Caravan keeps them. Through the same delay proxy with --rtt-ms;
# always plaintext (smtp-source has no TLS).
start_sink smtp-source
start=$(date +%s.%N)
$PIN_SENDER /usr/sbin/smtp-source -d -s "$CONCURRENCY" -m "$READERS" -l "$SIZE" -f news@example.kz \
  -t reader@example.kz "127.0.0.1:$SOURCE_PORT"
end=$(date +%s.%N)
SOURCE_RATE=$(awk -v n="$READERS" -v a="$start" -v b="$end" 'BEGIN { printf "%d", n / (b - a) }')
SOURCE_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
SOURCE_LABEL="smtp-source (ceiling)"
[ -n "$TLS" ] && SOURCE_LABEL="smtp-source (ceiling, plaintext)"
ROWS+=("| $SOURCE_LABEL | $READERS | $SOURCE_SECONDS s | **$SOURCE_RATE/s** | — | — | — |")

# The cost of one DKIM signature with OpenSSL, two processes signing, as a reference: measured
# before Caravan's sends and again after smtp-source's (this machine's speed drifts), and the
# higher of the two taken.
SPEED_AFTER=()
[ -n "$DKIM" ] && SPEED_AFTER=($(openssl_reference))
SPEED=()
for index in "${!SPEED_AFTER[@]}"; do
  before="${SPEED_BEFORE[$index]}" after="${SPEED_AFTER[$index]}"
  alg="${after%%:*}" b="${before#*:}" a="${after#*:}"
  SPEED+=("$alg:$((a > b ? a : b)):$b:$a")
done

EXTRA=""
[ -n "$RTT_MS" ] && EXTRA="$EXTRA; simulated RTT $RTT_MS ms (delay proxy, both senders)"
TERMINATOR=stunnel
[ "$SINK_KIND" = bench-sink ] && TERMINATOR="bench-sink's own"
[ -n "$TLS" ] && EXTRA="$EXTRA; Caravan over TLS ($TLS, $TERMINATOR), smtp-source plaintext"
[ "$SINK_KIND" = bench-sink ] && EXTRA="$EXTRA; Caravan to bench-sink, smtp-source to smtp-sink"
[ -n "$DKIM" ] && EXTRA="$EXTRA; DKIM $DKIM"
[ -n "$PIN_SENDER" ] && EXTRA="$EXTRA; sender pinned to core 0, relay side to core 1"
echo
echo "Message: $SIZE bytes; $CONCURRENCY connections; $(nproc) cores$EXTRA; $(date -u +%Y-%m-%d)"
echo
echo "| sender | messages | time | rate | sender CPU a message | fan-out | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
for pair in "SQLite:${SQLITE_RATE:-}" "PostgreSQL:${PG_RATE:-}"; do
  rate="${pair#*:}"
  [ -n "$rate" ] && awk -v l="${pair%%:*}" -v c="$rate" -v s="$SOURCE_RATE" \
    'BEGIN { printf "\n%s: %.0f %% of smtp-source", l, 100 * c / s }'
done
echo
[ -n "$TLS" ] && printf '\nsmtp-source cannot do TLS: its row is plaintext to the same sink.\n'
if [ -n "${VERP_RATE:-}" ]; then
  awk -v v="$VERP_RATE" -v p="$SQLITE_RATE" \
    'BEGIN { printf "\nVERP return paths: %d/s against %d/s without, %.1f %% of it\n", v, p, 100 * v / p }'
fi
if [ -n "${TOPICS_RATE:-}" ]; then
  awk -v t="$TOPICS_RATE" -v p="$SQLITE_RATE" -v k="$TOPICS_SKIPPED" -v c="${COPIES:-?}" \
    -v f="$TOPICS_FANOUT" -v r="$TOPICS_RSS" \
    'BEGIN { printf "\nEach reader'"'"'s topics: %d/s against %d/s for one edition, %.1f %% of it; %s copies rendered; %d readers skipped (no story in their topics); fan-out %s ms; peak RSS %s MB\n", t, p, 100 * t / p, c, k, f, r }'
fi
for ref in "${SPEED[@]}"; do
  IFS=: read -r alg signs before after <<<"$ref"
  printf '\nDKIM reference: openssl speed -multi 2 %s: %s signatures/s (%s before the sends, %s after)' \
    "$alg" "$signs" "$before" "$after"
  for pair in "SQLite:${SQLITE_RATE:-}" "PostgreSQL:${PG_RATE:-}"; do
    rate="${pair#*:}"
    [ -n "$rate" ] && [ "${signs:-0}" -gt 0 ] && awk -v l="${pair%%:*}" -v c="$rate" -v s="$signs" \
      'BEGIN { printf "; Caravan %s %d/s = %.1f %% of it", l, c, 100 * c / s }'
  done
  echo
done
exit 0
