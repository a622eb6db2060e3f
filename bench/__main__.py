"""`make bench`: every benchmark, NumPy computing as in the app (bench/__init__.py) so the figures are comparable."""

from bench import engine_vs_pytorch, grading, page_reruns, sweeps, why

if __name__ == "__main__":
    for benchmark in (engine_vs_pytorch, sweeps, why, page_reruns, grading):
        benchmark.main()
        print()
