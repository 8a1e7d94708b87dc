"""Benchmarks of the planners: instance generators (generate) and the benchmark table (planner)."""
