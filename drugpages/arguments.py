"""Bad arguments found before anything runs, each said in one line: exit 2, no traceback, nothing written.

argparse's own errors (a usage block and a message) become one line too, so a
wrapper script can log and grep every refusal the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from scrapy.settings import Settings

from drugpages import exits

# Settings given with -s whose values must be at least this (a negative worker count or size makes no sense).
SETTING_MINIMUMS = {"DRUGPAGES_EXTRACT_WORKERS": 0, "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                    "DOWNLOAD_MAXSIZE": 0, "DOWNLOAD_DELAY": 0, "DOWNLOAD_TIMEOUT": 0, "DEPTH_LIMIT": 0,
                    "URLLENGTH_LIMIT": 0, "DRUGPAGES_MAX_PAGES_PER_HOST": 0, "DRUGPAGES_CHECKPOINT_PAGES": 1}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr (``drugpages SUBCOMMAND: message``), exit 2."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("drugpages").strip()
        exits.usage_error(command, f"{message} (see {self.prog} --help)")
        sys.exit(exits.USAGE)


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer no smaller than ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is less than {minimum}")
        return value

    parse.__name__ = f"integer of at least {minimum}"
    return parse


def port(text: str) -> int:
    """An argparse type: a TCP port (0 picks a free one)."""
    value = at_least(0)(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text} is no port (0-65535)")
    return value


def http_url(text: str) -> str:
    """An argparse type: an absolute http(s) URL a request can be made of."""
    try:
        parts = urlsplit(text.strip())
        _ = parts.port  # a port out of range raises here, as it would in the request
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is no URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is no absolute http(s) URL")
    return text.strip()


def out_problem(out: str | None) -> str | None:
    """Why ``--out`` cannot be the folder a command writes (a file, under a file, not writable), else None."""
    if not out or "://" in out:
        return None
    path = Path(out).absolute()
    if path.exists() and not path.is_dir():
        return f"--out {out}: a file, not a folder"
    parent = path
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"--out {out}: {parent} is a file, not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"--out {out}: {parent} is not writable"
    return None


def settings_problem(base: Settings, given: dict[str, Any]) -> str | None:
    """Why a ``-s NAME=VALUE`` cannot be used: a value of the wrong type for its setting (the type of its value
    in ``base``, the project's settings), or below its minimum."""
    merged = base.copy()
    merged.update(given, priority="cmdline")
    for name, value in given.items():
        default = base.get(name)
        try:
            if isinstance(default, bool):
                merged.getbool(name)
            elif isinstance(default, int | float) or name in SETTING_MINIMUMS:
                number = merged.getfloat(name) if isinstance(default, float) else merged.getint(name)
                if number < SETTING_MINIMUMS.get(name, number):
                    return f"-s {name}={value}: at least {SETTING_MINIMUMS[name]}"
            elif isinstance(default, dict):
                merged.getdict(name)
        except (ValueError, TypeError) as exc:
            return f"-s {name}={value}: {type(default).__name__} expected ({' '.join(str(exc).split())[:120]})"
    return None


def first_missing(out: str | None) -> Path | None:
    """The outermost folder of ``--out`` that does not exist yet (None when it exists or is a URI)."""
    if not out or "://" in out:
        return None
    path, missing = Path(out).absolute(), None
    while not path.exists():
        path, missing = path.parent, path
    return missing


def remove_empty(folder: Path) -> None:
    """Remove ``folder`` if it holds nothing but empty folders: what a refused command made and left empty."""
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
