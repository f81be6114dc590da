"""Opening Chroma: the embedded store in ``data_dir`` (default), or a server that replicas share.

``settings.chroma.url`` switches to :func:`chromadb.HttpClient` (tenant, database, and the token sent
through chromadb's token auth provider). A server that cannot be reached, or refuses the token, is a
:class:`StoreUnavailableError` whose message says what to check; so is a request that fails later
because the connection dropped (:class:`GuardedCollection`). The token never appears in a message.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from assistant.settings import ChromaSettings, Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

TOKEN_PROVIDER = "chromadb.auth.token_authn.TokenAuthClientProvider"


class StoreUnavailableError(RuntimeError):
    """The Chroma server cannot be reached or refuses this client; the message is for the operator."""


def open_client(settings: Settings) -> ClientAPI:
    """The Chroma client the settings ask for (nothing is created before the first call)."""
    return _http_client(settings.chroma) if settings.chroma.server else _local_client(settings)


def _local_client(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ClientSettings

    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir),
                                     settings=ClientSettings(anonymized_telemetry=False, allow_reset=False))


def client_settings(chroma: ChromaSettings) -> dict[str, Any]:
    """chromadb client settings: no telemetry, and the token through chromadb's token auth provider."""
    values: dict[str, Any] = {"anonymized_telemetry": False}
    if chroma.token is not None:
        values.update(chroma_client_auth_provider=TOKEN_PROVIDER,
                      chroma_client_auth_credentials=chroma.token.get_secret_value(),
                      chroma_auth_token_transport_header=chroma.token_header)
    return values


def _http_client(chroma: ChromaSettings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ClientSettings

    assert chroma.url is not None
    try:  # the whole URL as host: chromadb keeps its scheme, port and path (a server behind a proxy)
        return chromadb.HttpClient(host=chroma.url, tenant=chroma.tenant, database=chroma.database,
                                   settings=ClientSettings(**client_settings(chroma)))
    except Exception as exc:
        raise StoreUnavailableError(explain(chroma, exc)) from exc


def explain(chroma: ChromaSettings, exc: BaseException) -> str:
    """What went wrong talking to the server, in words an operator can act on (never the token)."""
    from chromadb.errors import AuthorizationError, ChromaAuthError, NotFoundError

    text = str(exc).replace(chroma.token.get_secret_value(), "***") if chroma.token else str(exc)
    if isinstance(exc, NotFoundError):
        return (f"Chroma 服务器 {chroma.url} 上没有租户 {chroma.tenant} 或数据库 {chroma.database}（{text}）。"
                "请先在服务器上创建，或改正 ASSISTANT_CHROMA__TENANT / ASSISTANT_CHROMA__DATABASE。")
    if isinstance(exc, ChromaAuthError | AuthorizationError) or _refused(text):
        return (f"Chroma 服务器 {chroma.url} 拒绝访问：请检查访问令牌 ASSISTANT_CHROMA__TOKEN 及其请求头 "
                f"ASSISTANT_CHROMA__TOKEN_HEADER（{text[:200]}）。")
    return (f"无法连接 Chroma 服务器 {chroma.url}（{type(exc).__name__}：{text[:200]}）。"
            "请确认服务器已启动、地址和端口正确（ASSISTANT_CHROMA__URL），且本机能访问它。")


def _refused(text: str) -> bool:
    """A proxy's 401/403 reaches chromadb as a bare exception carrying the response body."""
    lowered = text.lower()
    return any(word in lowered for word in ("unauthorized", "forbidden", "401", "403"))


def unreachable(exc: BaseException) -> bool:
    """The request failed on the way (connection refused or dropped, timeout), not in the server."""
    import httpx

    return isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError)


class GuardedCollection:
    """A server collection whose calls raise :class:`StoreUnavailableError` when the server is gone."""

    def __init__(self, collection: Any, chroma: ChromaSettings) -> None:
        self._collection, self._chroma = collection, chroma

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._collection, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return attr(*args, **kwargs)
            except Exception as exc:
                if unreachable(exc):
                    raise StoreUnavailableError(explain(self._chroma, exc)) from exc
                raise

        return call
