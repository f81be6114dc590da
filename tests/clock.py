"""A clock the tests move by hand: windows and lockouts are tested without sleeping."""

from __future__ import annotations


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
