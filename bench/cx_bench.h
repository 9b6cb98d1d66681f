/* cx_bench: the benchmarks behind `cxsim bench` and `cxsim-bench` (docs/performance.md). */
#ifndef CX_BENCH_H
#define CX_BENCH_H

/* Run the benchmark that argv asks for (argv[0] is the command's name,
 * argv[1..] its options; --help lists them) and print its figures on stdout.
 * Returns the exit status: 0, 1 when a run fails, 2 on a bad option. It
 * uses only public interfaces: cx_sim.h and cx_erlang.h for the Erlang-A
 * centre; cx_job.h for --scenario, which is compiled only in a build with
 * Lua (CX_BENCH_SCENARIO; without it --scenario and the consent options
 * are refused). */
int cx_bench_main(int argc, char **argv);

#endif
