"""Benchmarks (scripts, not tests) and the headless-browser helpers shared with the browser tests."""
