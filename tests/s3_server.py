"""A local S3 API (moto in server mode on 127.0.0.1) with one bucket, for the tests of s3:// output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pyarrow import fs as pafs


@contextmanager
def s3_bucket(prefix: str) -> Iterator[str]:
    """Yields ``s3://drugdata/PREFIX?endpoint_override=...``; credentials in the environment for child processes."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        with pytest.MonkeyPatch.context() as env:  # read by pyarrow here and by the drugpages child processes
            env.setenv("AWS_ACCESS_KEY_ID", "testing")
            env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
            env.setenv("AWS_DEFAULT_REGION", "us-east-1")
            env.setenv("AWS_EC2_METADATA_DISABLED", "true")
            query = f"endpoint_override={host}:{port}&scheme=http"
            filesystem, _ = pafs.FileSystem.from_uri(f"s3://drugdata?{query}&allow_bucket_creation=true")
            filesystem.create_dir("drugdata")
            yield f"s3://drugdata/{prefix}?{query}"
    finally:
        server.stop()
