"""Where articles come from: files, folders (recursive), globs and standard input."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, or `-` for standard input."""

    path: str
    size: int = 0
    mtime_ns: int = 0

    @property
    def key(self) -> str:
        """Identifies this version of the file, so a finished one is skipped on re-runs."""
        return f"{self.path}|{self.size}|{self.mtime_ns}"

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    def read_bytes(self) -> bytes:
        if self.is_stdin:
            return sys.stdin.buffer.read()
        return Path(self.path).read_bytes()


@dataclass(frozen=True, slots=True)
class MissingSource:
    """A command-line argument that names nothing readable."""

    path: str
    reason: str


def _file_source(path: Path) -> Source:
    st = path.stat()
    return Source(str(path), st.st_size, st.st_mtime_ns)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def expand(args: Iterable[str]) -> Iterator[Source | MissingSource]:
    """Expand command-line arguments into sources, in a stable order, each once."""
    seen: set[str] = set()

    def once(path: Path) -> Iterator[Source]:
        key = str(path.resolve())
        if key not in seen:
            seen.add(key)
            yield _file_source(path)

    for arg in args:
        if arg == STDIN:
            yield Source(STDIN)
            continue
        path = Path(arg)
        if path.is_dir():
            for file in _walk(path):
                yield from once(file)
        elif path.is_file():
            yield from once(path)
        elif path.exists():
            yield MissingSource(arg, "not a regular file or folder")
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield MissingSource(arg, "no such file, folder or glob match")
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    for file in _walk(m):
                        yield from once(file)
                elif m.is_file():
                    yield from once(m)
