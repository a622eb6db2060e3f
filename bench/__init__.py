"""Benchmarks: run with `make bench` (python -m bench). They print figures; tests never assert timings."""
