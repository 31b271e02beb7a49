"""Benchmarks (DESIGN.md §7); `make bench` runs `python -m bench`."""
