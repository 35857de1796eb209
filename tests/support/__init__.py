"""Helpers the tests (and benchmarks) share: servers started for real on loopback."""
