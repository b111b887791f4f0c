"""A real Redis server (Debian's redis-server) on 127.0.0.1 and a free port: the benchmark's, for the tests."""

from bench.scaling import redis_server

__all__ = ["redis_server"]
