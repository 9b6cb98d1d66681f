#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for SECONDS.
#   tests/fuzz/run.sh SECONDS [TARGET...]     (default: every target, one after the other)
# Build directory: $CX_FUZZ_BUILD (default build-fuzz). New inputs go to
# BUILD/corpus/TARGET; the seeds are only read: tests/fuzz/corpus/TARGET and
# the shipped files (scripts/ for scenarios, scripts/policies/ for policies).
# A crash is written to BUILD/artifacts/ and makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scenario fuzz_policy_table)
build=${CX_FUZZ_BUILD:-build-fuzz}
CC=${CC_FUZZ:-clang} cmake -S . -B "$build" -DCX_FUZZ=ON -DCX_TESTS=OFF -DCX_VIEW=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j2 --target "${targets[@]}" > /dev/null
mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  mkdir -p "$build/corpus/$name"
  log="$build/$t.log"
  shipped=scripts
  [ "$name" = policy_table ] && shipped=scripts/policies
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
  echo "== $t for ${secs}s (log: $log)"
  if ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/$t" -max_total_time="$secs" -timeout=60 \
       -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 "${dict[@]}" \
       -artifact_prefix="$build/artifacts/$t-" "$build/corpus/$name" "tests/fuzz/corpus/$name" "$shipped" \
       > "$log" 2>&1; then
    echo "   ok: $(grep -E '^Done [0-9]+ runs' "$log" || tail -1 "$log")"
  else
    status=1
    echo "   FAILED: $t (see $log and $build/artifacts/)"
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 || true
  fi
done
exit $status
