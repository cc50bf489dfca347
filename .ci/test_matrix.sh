#!/usr/bin/env bash
# Runs the whole suite (pytest, pgTAP through pg_prove, the docs examples) once per
# PostgreSQL major, each on its own throwaway cluster (PG_BINDIR), and says how long each
# took. A failing major does not stop the others; the exit status is 1 if any failed.
# The last line counts the majors ("majors: 6 passed, 0 failed").
# Usage: test_matrix.sh [MAJOR...]   (default: every tested major); extra pytest options
# in PYTEST_ARGS.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(13 14 15 16 17 18)

bindirs=$("$PYTHON" .ci/fetch_postgres.py "${majors[@]}") || exit 1
mapfile -t bindirs <<<"$bindirs"

summary=() passed=0 failed=0
for i in "${!majors[@]}"; do
    bindir=${bindirs[$i]}
    version=$("$bindir/postgres" --version)
    echo "=== ${version} (${bindir})"
    start=$(date +%s)
    # shellcheck disable=SC2086
    PG_BINDIR=$bindir "$PYTHON" -m pytest ${PYTEST_ARGS:-}
    status=$?
    seconds=$(( $(date +%s) - start ))
    if [ $status -eq 0 ]; then
        result=passed; passed=$((passed + 1))
    else
        result="FAILED (pytest exit $status)"; failed=$((failed + 1))
    fi
    summary+=("${version}: ${result} in ${seconds} s")
done
echo "=== matrix"
printf '%s\n' "${summary[@]}"
echo "majors: ${passed} passed, ${failed} failed"
[ $failed -eq 0 ]
