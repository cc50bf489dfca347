"""Benchmarks: governance overhead as ratios against a baseline measured in the same run."""
