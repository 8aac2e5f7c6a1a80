# Shared by the wrk benchmarks (load.sh, archive_search.sh); sourced, not run.

# need COMMAND PACKAGE: installs the Debian package when the command is missing.
need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }

# The release build to measure: CARAVAN_BENCH_BIN runs an earlier build instead (a
# before/after comparison in one session); otherwise this checkout is built.
bench_bin() {
  if [ -n "${CARAVAN_BENCH_BIN:-}" ]; then
    echo "$CARAVAN_BENCH_BIN"
  else
    cargo build --release --quiet
    echo "$PWD/target/release/caravan"
  fi
}

# wrk_row DATABASE LABEL RESULT-LINE: one Markdown row from get.lua's or signup.lua's RESULT.
wrk_row() {
  local r="$3"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" \
    "$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$r")" \
    "$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$r")" \
    "$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$r")" \
    "$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$r")"
}
