"""Admin sessions: session tokens that expire, logout, and one-time export links (wrong passwords are
limited per client in :mod:`assistant.web.ratelimit`).

Why not gradio's own session: the page used a ``gr.State(True)`` after login, so whoever held the
page's session hash was admin for as long as the server ran. Here a login gives a random token
(kept in the page's server-side state), valid only from the client that logged in, for
``admin_session_idle_s`` without use and ``admin_session_max_s`` at most; logout ends it at once.

Everything is in memory: a restart logs every admin out, which is the safe direction.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.settings import WebSettings

EXPORT_PATH = "/admin/export"  # + a one-time key: the ratings download, served by assistant.web.api
GAPS_PATH = "/admin/gaps"  # + a one-time key and .csv or .xlsx: the knowledge-gap report


@dataclass
class _Session:
    client: str
    opened: float
    used: float


@dataclass(frozen=True)
class _Ticket:
    token: str
    client: str
    expires: float


class AdminSessions:
    """The admin logins of one running app (thread-safe: gradio calls it from worker threads too)."""

    def __init__(self, web: WebSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.web, self.clock = web, clock
        self._sessions: dict[str, _Session] = {}
        self._tickets: dict[str, _Ticket] = {}
        self._lock = threading.Lock()

    # ---- sessions ---------------------------------------------------------------------------
    def open(self, client: str) -> str:
        """A new session token for a client that gave the right password."""
        now, token = self.clock(), secrets.token_urlsafe(32)
        with self._lock:
            self._sessions = {t: s for t, s in self._sessions.items() if self._alive(s, now)}
            self._sessions[token] = _Session(client, now, now)
        return token

    def valid(self, token: str | None, client: str | None = None) -> bool:
        """True for a live token (from its own client, when the client is known); using it keeps it alive."""
        if not isinstance(token, str) or not token:
            return False
        now = self.clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None or not self._alive(session, now) or (client is not None and client != session.client):
                return False
            session.used = now
            return True

    def _alive(self, session: _Session, now: float) -> bool:
        return (now - session.used < self.web.admin_session_idle_s
                and now - session.opened < self.web.admin_session_max_s)

    def close(self, token: str | None) -> None:
        """Logout: the token and any export link made with it stop working at once."""
        with self._lock:
            self._sessions.pop(token or "", None)
            self._tickets = {k: t for k, t in self._tickets.items() if t.token != token}

    # ---- one-time export links --------------------------------------------------------------
    def ticket(self, token: str, client: str) -> str:
        """A one-time link id for a download by this session's client, valid ``export_link_s``."""
        now, key = self.clock(), secrets.token_urlsafe(24)
        with self._lock:
            self._tickets = {k: t for k, t in self._tickets.items() if t.expires > now}
            self._tickets[key] = _Ticket(token, client, now + self.web.export_link_s)
        return key

    def redeem(self, key: str, client: str) -> bool:
        """True once for a live link from the client it was made for, while its session still lives."""
        with self._lock:
            ticket = self._tickets.pop(key, None)
        if ticket is None or ticket.expires <= self.clock() or ticket.client != client:
            return False
        return self.valid(ticket.token, client)


def client_of(request: object) -> str:
    """The client address of a starlette or gradio request (both have ``.client.host``)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", None) or "unknown")
