"""Rate limits per client: the JSON API's questions and assessments, and wrong staff passwords.

One kind of limiter, a sliding window (:class:`SlidingWindow`): at most ``limit`` events per client in
any ``window_s``; the next waits until the oldest leaves the window. Used for

* ``POST /api/ask`` and ``POST /api/ask/stream`` (one budget, ``web.ask_per_minute``) and
  ``POST /api/assess`` (``web.assess_per_minute``): over it, :class:`RateLimitMiddleware` answers
  429 with a Chinese message and ``Retry-After``, before the body is even read;
* wrong passwords at the admin tab's and the helpdesk workbench's login (``web.admin_max_failures``
  per ``web.admin_lockout_s``): over it, a login is refused without its password being compared.

The client is the connecting address, or, when ``web.trusted_proxies`` names the proxy it came
through, the address that proxy wrote into ``X-Forwarded-For`` (uvicorn's ``ProxyHeadersMiddleware``,
added by :func:`assistant.web.server.create_app`). An IPv6 client counts by its /64, which one
subscriber usually holds whole. Addresses in ``web.rate_exempt`` are not counted by the API's limits.

Counts live in the process: replicas behind a load balancer count separately (see the README).
Memory is bounded: at most ``max_keys`` clients per limiter, the least recently counted dropped first,
and a client whose events all left the window is dropped as soon as another is counted.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from assistant.settings import WebSettings
from assistant.web.logs import LOGGER, REQUEST_ID

MINUTE = 60.0
MAX_KEYS = 10_000  # clients remembered per limiter


class Budget(BaseModel):
    """One limit as a client is told it: what is counted, how many, in how long (0 = no limit)."""

    model_config = ConfigDict(frozen=True)

    what: str = Field(description="the counted action, as the message names it: 提问, 资格评估 …")
    limit: int = Field(ge=0)
    window_s: float = Field(ge=0)

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.window_s > 0

    def refusal(self, wait: float) -> str:
        per = "分钟" if self.window_s == MINUTE else f" {self.window_s:g} 秒"
        return f"请求过于频繁：每个客户端每{per}最多{self.what} {self.limit} 次，请 {retry_after(wait)} 秒后再试。"


def retry_after(wait: float) -> int:
    """Whole seconds to tell a client (never 0: it would retry at once)."""
    return max(1, math.ceil(wait))


class SlidingWindow:
    """At most ``budget.limit`` events per key in any ``budget.window_s`` (thread-safe)."""

    def __init__(self, budget: Budget, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.budget, self.clock, self.max_keys = budget, clock, max_keys
        self._times: OrderedDict[str, deque[float]] = OrderedDict()  # least recently counted first
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may have another event (0 = now); counts nothing."""
        with self._lock:
            return self._wait(key, self.clock())

    def hit(self, key: str) -> float:
        """Count an event when the budget allows it and return 0; else count nothing and return the wait."""
        with self._lock:
            now = self.clock()
            wait = self._wait(key, now)
            if not wait:
                self._count(key, now)
            return wait

    def add(self, key: str) -> float:
        """Count an event that happened anyway (a wrong password); returns the wait it leaves."""
        with self._lock:
            now = self.clock()
            self._count(key, now)
            return self._wait(key, now)

    def forget(self, key: str) -> None:
        with self._lock:
            self._times.pop(key, None)

    def __len__(self) -> int:
        return len(self._times)

    def _wait(self, key: str, now: float) -> float:
        times = self._times.get(key)
        if times is None or not self.budget.enabled:
            return 0.0
        while times and times[0] <= now - self.budget.window_s:
            times.popleft()
        return max(0.0, times[0] + self.budget.window_s - now) if len(times) >= self.budget.limit else 0.0

    def _count(self, key: str, now: float) -> None:
        if not self.budget.enabled:
            return
        times = self._times.pop(key, None) or deque(maxlen=self.budget.limit)
        times.append(now)
        self._times[key] = times  # now the most recently counted
        self._evict(now)

    def _evict(self, now: float) -> None:
        """Drop from the front (least recently counted) while there are too many keys or the front one
        has nothing left in the window: if the front is live, every key behind it is too."""
        while self._times:
            key, times = next(iter(self._times.items()))
            if len(self._times) <= self.max_keys and times and times[-1] > now - self.budget.window_s:
                return
            del self._times[key]


def client_key(host: str) -> str:
    """What a client is counted by: its address; an IPv6 one by its /64 (IPv4-mapped ones as IPv4)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an address ("testclient", a Unix socket): counted as it is
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def host_of(scope: dict) -> str:
    client = scope.get("client")
    return str(client[0]) if client and client[0] else "unknown"


def _networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item.strip()]


class RateLimits:
    """The app's limiters, from the settings: ``ask`` (both ask routes), ``assess`` and ``logins``."""

    def __init__(self, web: WebSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.ask = SlidingWindow(Budget(what="提问", limit=web.ask_per_minute, window_s=MINUTE), clock)
        self.assess = SlidingWindow(Budget(what="资格评估", limit=web.assess_per_minute, window_s=MINUTE), clock)
        self.logins = SlidingWindow(
            Budget(what="输错密码", limit=web.admin_max_failures, window_s=web.admin_lockout_s), clock)
        self.exempt = _networks(web.rate_exempt)
        self.routes = {("POST", "/api/ask"): self.ask, ("POST", "/api/ask/stream"): self.ask,
                       ("POST", "/api/assess"): self.assess}

    def limiter_of(self, scope: dict) -> SlidingWindow | None:
        """The limiter that counts this request, or None (another route, or an exempt client)."""
        limiter = self.routes.get((scope.get("method", ""), scope.get("path", "")))
        return None if limiter is None or self.is_exempt(host_of(scope)) else limiter

    def is_exempt(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.exempt)


class RateLimitMiddleware:
    """ASGI middleware: a request over its client's budget gets 429, a Chinese message and
    ``Retry-After``, and is never read or run; every other request passes untouched."""

    def __init__(self, app, limits: RateLimits) -> None:
        self.app, self.limits = app, limits
        self.logger = logging.getLogger(LOGGER)

    async def __call__(self, scope, receive, send) -> None:
        limiter = self.limits.limiter_of(scope) if scope["type"] == "http" else None
        wait = limiter.hit(client_key(host_of(scope))) if limiter is not None else 0.0
        if limiter is None or not wait:
            return await self.app(scope, receive, send)
        what = limiter.budget.what
        self.logger.warning("rid=%s refused 429: rate %s", scope.get(REQUEST_ID, "-"), what,
                            extra={"dedup": f"rate {what}"})  # never the address: the log names no one
        response = JSONResponse({"detail": limiter.budget.refusal(wait)}, status_code=429,
                                headers={"Retry-After": str(retry_after(wait))})
        await response(scope, receive, send)
