"""Benchmark of the whole pipeline on a generated mirror: crawl speed, extraction speed, peak memory.

Run as ``drugpages bench``; results go to ``BENCHMARKS.md``.
"""
