/* cxsim-bench: the benchmarks as their own program (the same as `cxsim bench`). */
#include "cx_bench.h"

int main(int argc, char **argv)
{
    return cx_bench_main(argc, argv);
}
