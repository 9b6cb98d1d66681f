#!/usr/bin/env bash
# Regenerate the golden traces from a build: tests/golden/regen.sh BUILD_DIR
# Run from anywhere; writes tests/golden/NAME/{monthly.csv,events.csv,summary.json}
# for every case in tests/golden/cases.txt. Commit the result together with
# the change that moved it, and say in the commit what moved and why.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
cxsim="$(cd "${1:?usage: regen.sh BUILD_DIR}" && pwd)/cxsim"
cd "$src"
grep -v '^#' "$here/cases.txt" | while read -r name scenario args; do
  [ -n "$name" ] || continue
  rm -rf "$here/$name"
  # shellcheck disable=SC2086
  "$cxsim" run "$scenario" $args --out "$here/$name" --quiet
  echo "golden: $name"
done
