#!/usr/bin/env bash
# tests/mpi/check.sh CXSIM [RANKS]: the MPI runner (-DCX_MPI=ON) against a
# serial run, on this machine (docs/cluster.md). Fails unless
#   - a sweep under `mpirun -n RANKS` (default 3) writes the serial CSV,
#     byte for byte;
#   - replications and a paired comparison print the same 17-digit figures;
#   - a failing run stops the job with the serial run's message and a
#     non-zero status, and so does an error in the script itself;
#   - a job killed with SIGKILL (every process of it) after two journaled
#     runs leaves no rank behind, and resumes under mpirun with --resume to
#     the serial CSV.
# CI runs it as root, so mpirun is told that is allowed; 3 ranks on 2 cores
# need --oversubscribe.
set -euo pipefail
exe=$(realpath "$1")
ranks=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { mpirun -n "$ranks" --oversubscribe "$exe" lua "$@"; }
fail() { echo "mpi check: $*" >&2; exit 1; }

# 1. a sweep: serial, then over the ranks
t0=$(date +%s.%N)
"$exe" lua "$here/sweep.lua" --jobs 1 -- serial.csv "$src" > serial.out 2> serial.err || fail "serial sweep: $(cat serial.err)"
t1=$(date +%s.%N)
mpi "$here/sweep.lua" -- ranks.csv "$src" > ranks.out 2> ranks.err || fail "sweep under mpirun: $(cat ranks.err)"
t2=$(date +%s.%N)
cmp serial.csv ranks.csv || fail "the CSV under mpirun -n $ranks differs from the serial one"
[ ! -e ranks.csv.journal ] || fail "the journal was left behind"
grep -q "runs 12 resumed 0" ranks.out || fail "unexpected output: $(cat ranks.out)"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$ranks" \
  'BEGIN { printf "mpi check: sweep of 12 runs: serial %.1f s, mpirun -n %s %.1f s, CSV identical\n", b - a, n, c - b }'

# 2. replications and a comparison
"$exe" lua "$here/compare.lua" --jobs 1 -- "$src" > c1.out 2> c1.err || fail "serial compare: $(cat c1.err)"
mpi "$here/compare.lua" -- "$src" > cn.out 2> cn.err || fail "compare under mpirun: $(cat cn.err)"
cmp c1.out cn.out || fail "replicate/compare under mpirun differ: $(diff c1.out cn.out)"
echo "mpi check: replications and comparison identical"

# 3. a failing run
status=0
"$exe" lua "$here/fail.lua" --jobs 1 -- "$src" > /dev/null 2> f1.err || status=$?
[ "$status" -ne 0 ] || fail "the failing experiment succeeded serially"
status=0
mpi "$here/fail.lua" -- "$src" > /dev/null 2> fn.err || status=$?
[ "$status" -ne 0 ] || fail "the failing experiment succeeded under mpirun"
want=$(grep '^cxsim lua: .*fail.lua' f1.err) || fail "no message: $(cat f1.err)"
grep -qF "$want" fn.err || fail "under mpirun the message differs: $(cat fn.err)"
echo "mpi check: a failing run stops the job: $want"

# a script error before any run: the serving ranks are released, status 1
printf 'local x = nil\nprint(x.y)\n' > bad.lua
status=0
mpi bad.lua > /dev/null 2> bad.err || status=$?
[ "$status" -eq 1 ] || fail "a script error under mpirun gave status $status: $(cat bad.err)"
grep -q "^cxsim lua: bad.lua:2: attempt to index a nil value (local 'x')" bad.err || fail "$(cat bad.err)"
echo "mpi check: a script error ends the job with status 1"

# 4. SIGKILL of the whole job after two journaled runs, then --resume
setsid mpirun -n "$ranks" --oversubscribe "$exe" lua "$here/sweep.lua" -- killed.csv "$src" > k.out 2> k.err &
job=$!
for _ in $(seq 1 3000); do
  n=$(grep -c '^run ' killed.csv.journal 2> /dev/null || true)
  [ "${n:-0}" -ge 2 ] && break
  kill -0 "$job" 2> /dev/null || fail "the job ended before it could be killed: $(cat k.err)"
  sleep 0.05
done
[ "${n:-0}" -ge 2 ] || fail "no journal records appeared"
kill -KILL -- "-$job"
wait "$job" 2> /dev/null || true
sleep 1
left=$(grep -ls -- 'killed[.]csv' /proc/[0-9]*/cmdline || true) # (no procps needed)
[ -z "$left" ] || fail "processes of the killed job are still running: $left"
[ ! -e killed.csv ] || fail "a killed job wrote its CSV"
mpi "$here/sweep.lua" --resume -- killed.csv "$src" > r.out 2> r.err || fail "resume under mpirun: $(cat r.err)"
cmp serial.csv killed.csv || fail "the resumed CSV differs from the serial one"
resumed=$(sed -n 's/^runs 12 resumed \([0-9]*\)$/\1/p' r.out)
[ "${resumed:-0}" -ge 2 ] || fail "the resumed job reran everything: $(cat r.out)"
echo "mpi check: killed after $n journaled runs, resumed ($resumed kept), CSV identical"
