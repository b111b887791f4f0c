"""Records → Parquet datasets, and the readers."""

from output.dataset import DatasetWriter
from output.reader import DatasetError, load, run_ids

__all__ = ["DatasetError", "DatasetWriter", "load", "run_ids"]
