#!/usr/bin/env bash
# The whole test run CI makes (`npm run test:matrix`): unit and property tests once, the integration
# suite once per server of the matrix (each provisioned by provision-server.sh), host tests once.
# Runs are serial (the machine has 2 cores and integration tests start many servers). Every run
# names its server and version; a server that cannot be provisioned fails the run with one line.
# Exit 0 only when every run passed. MATRIX="sid valkey-server, host redis-server" picks a subset.
set -uo pipefail
cd "$(dirname "$0")/../.."

MATRIX=${MATRIX:-host redis-server, bookworm-backports valkey-server, trixie valkey-server, trixie redis-server, sid valkey-server, sid redis-server}

results=()
failed=0
record() { results+=("$1"); case $1 in ok*) ;; *) failed=1 ;; esac; }

run_tests() { # LABEL PATH...
  local label=$1 start=$SECONDS failures
  shift
  echo "=== $label"
  failures=$(mktemp)
  if TEST_FAILURES_FILE=$failures npx vitest run "$@"; then
    record "ok     $label ($((SECONDS - start)) s)"
  else
    record "FAILED $label ($((SECONDS - start)) s)"
    # The failed tests by name (summary-reporter.ts), so the closing summary says which.
    while IFS= read -r line; do results+=("         $line"); done <"$failures"
  fi
  rm -f "$failures"
}

npm run build || exit 1
run_tests "unit and property tests" test/unit test/property

IFS=, read -ra servers <<<"$MATRIX"
for entry in "${servers[@]}"; do
  read -r suite package <<<"$entry"
  err=$(mktemp)
  if bin=$(test/servers/provision-server.sh "$suite" "$package" 2>"$err"); then
    cat "$err" >&2
    REDIS_SERVER_BIN=$bin run_tests "integration tests on $suite $package: $("$bin" --version | cut -d' ' -f1-3)" test/integration
  else
    cat "$err" >&2
    record "FAILED $suite $package cannot be provisioned: $(tail -1 "$err")"
  fi
  rm -f "$err"
done

[ ! -d test/host ] || run_tests "host tests" test/host

echo
echo "=== test matrix"
printf '%s\n' "${results[@]}"
exit $failed
