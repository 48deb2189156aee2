# Shared helpers for the benchmark scripts (sourced, not run).
#
# Every script builds axumgen in release mode into target/bench, so benchmarks never fight the
# test suite's target directory, and keeps its scratch files in one temporary directory.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="$PWD/target/bench"
export CARGO_TERM_COLOR=never
AXUMGEN="$CARGO_TARGET_DIR/release/axumgen"

# Fails early, with the set-up command, when a tool is missing.
need() { # tool...
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "${0##*/} needs $tool: run bench/setup" >&2; exit 2; }
  done
}

build_axumgen() {
  cargo build --release --quiet --bin axumgen
}

# Median of hyperfine's JSON export, in milliseconds.
hyperfine_median_ms() { # json
  python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$1"
}

# Peak resident memory of one run of a command, in MiB (GNU time's %M is in KiB).
peak_rss_mib() { # command...
  /usr/bin/time -f '%M' -o "$BENCH_TMP/rss" "$@" >/dev/null 2>&1 || return 1
  awk '{printf "%.1f", $1/1024}' "$BENCH_TMP/rss"
}

# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# Seconds between two `now` readings, to the millisecond.
elapsed() { # start end
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'
}

# Waits until an HTTP server answers on 127.0.0.1:PORT (10 s at most).
wait_for_port() { # port [path]
  local _
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -H "Host: localhost" "http://127.0.0.1:$1${2:-/ping}" && return 0
    sleep 0.05
  done
  echo "nothing answered on port $1" >&2
  return 1
}

# The OpenAPI Generator JAR that PyPI's openapi-generator-cli bundles.
openapi_generator_jar() {
  python3 -c "import openapi_generator_cli as g, os; print(os.path.join(os.path.dirname(g.__file__), 'openapi-generator.jar'))" 2>/dev/null
}

BENCH_TMP="$(mktemp -d)"
trap 'rm -rf "$BENCH_TMP"' EXIT
