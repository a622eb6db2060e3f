"""`make bench`: every benchmark, one thread for the numeric engine so the figures are comparable."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy is imported
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench import engine_vs_pytorch, grading, page_reruns, sweeps, why

if __name__ == "__main__":
    for benchmark in (engine_vs_pytorch, sweeps, why, page_reruns, grading):
        benchmark.main()
        print()
