"""Benchmarks: ``python -m benchmarks <group|case> --repeat 5`` prints one JSON line
per case (median seconds, runs, ratio to a baseline timed in the same process)."""
