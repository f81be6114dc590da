"""The one error bad input raises: a message for the person who uploaded the file."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A file that cannot be loaded; ``str(err)`` is a message for the person who uploaded it.

    ``LoadError(path, reason, advice)`` builds the message; ``LoadError(message)`` takes a
    ready-made one.
    """

    def __init__(self, path: Path | str, reason: str | None = None, advice: str = "") -> None:
        self.path = str(path) if reason is not None else ""
        self.reason = reason if reason is not None else str(path)
        self.advice = advice
        if reason is None:
            super().__init__(self.reason)
        else:
            super().__init__(f"无法读取文件“{Path(path).name}”：{reason}。{advice}")
