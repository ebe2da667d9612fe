"""The terminal socket's Origin check: exact scheme, host and port (playground/terminal/origin.py).

Over real Daphne (live_stack) for what a browser can send, and through Channels' communicator
for the settings-driven cases (CSRF_TRUSTED_ORIGINS, a TLS proxy's header) that need other
settings than the stack runs with.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from playground.terminal.origin import ExactOriginValidator
from tests.integration.wsclient import TIMEOUT, new_session, next_frame, open_socket


def _other_port(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.hostname}:{(parts.port or 80) + 1}"


@pytest.mark.parametrize(
    "make_origin",
    [
        pytest.param(_other_port, id="another-port"),
        pytest.param(lambda base: base.replace("http://", "https://"), id="another-scheme"),
        pytest.param(lambda base: base.replace("127.0.0.1", "localhost"), id="another-host"),
        pytest.param(lambda base: "null", id="null-origin"),
    ],
)
async def test_foreign_origin_is_refused(live_stack: str, make_origin: object) -> None:
    origin = make_origin(live_stack)  # type: ignore[operator]
    with pytest.raises(InvalidStatus) as error:
        await open_socket(live_stack, new_session(live_stack), origin=origin)
    assert error.value.response.status_code == 403


async def test_missing_origin_is_refused(live_stack: str) -> None:
    url = live_stack.replace("http://", "ws://") + "/ws/terminal/"
    with pytest.raises(InvalidStatus) as error:
        await connect(
            url, additional_headers={"Cookie": new_session(live_stack)}, open_timeout=TIMEOUT
        )
    assert error.value.response.status_code == 403


async def test_own_origin_is_accepted(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack), origin=live_stack)
    await ws.send('{"type": "sync"}')
    assert (await next_frame(ws))["type"] == "files"
    await ws.close()


async def _accepted_app(scope: dict, receive: object, send: object) -> None:
    """Stands in for the terminal router: accepts every socket the validator lets through."""
    await receive()  # type: ignore[operator]
    await send({"type": "websocket.accept"})  # type: ignore[operator]


async def _connects(headers: list[tuple[bytes, bytes]], scheme: str | None = "ws") -> bool:
    communicator = WebsocketCommunicator(ExactOriginValidator(_accepted_app), "/ws/terminal/",
                                         headers=headers)
    communicator.scope.pop("scheme", None)
    if scheme is not None:
        communicator.scope["scheme"] = scheme
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


HOST = (b"host", b"play.example.org")


@override_settings(ALLOWED_HOSTS=["play.example.org"], SECURE_PROXY_SSL_HEADER=None)
async def test_wss_socket_wants_an_https_origin() -> None:
    assert await _connects([HOST, (b"origin", b"https://play.example.org")], scheme="wss")
    assert not await _connects([HOST, (b"origin", b"http://play.example.org")], scheme="wss")
    assert not await _connects([HOST, (b"origin", b"https://play.example.org")], scheme="ws")


@override_settings(
    ALLOWED_HOSTS=["play.example.org"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
async def test_tls_proxy_header_makes_the_socket_https() -> None:
    proxied = [HOST, (b"x-forwarded-proto", b"https")]
    assert await _connects([*proxied, (b"origin", b"https://play.example.org")])
    assert not await _connects([*proxied, (b"origin", b"http://play.example.org")])
    assert not await _connects([HOST, (b"origin", b"https://play.example.org")])


@override_settings(ALLOWED_HOSTS=["play.example.org"], SECURE_SSL_REDIRECT=True)
async def test_https_only_site_wants_https_origins_even_without_a_scheme() -> None:
    # Daphne terminating TLS itself puts no scheme in a websocket's scope.
    assert await _connects([HOST, (b"origin", b"https://play.example.org")], scheme=None)
    assert not await _connects([HOST, (b"origin", b"http://play.example.org")], scheme=None)


@override_settings(ALLOWED_HOSTS=["evil.example"])
async def test_host_outside_allowed_hosts_is_refused_even_when_origin_matches() -> None:
    assert not await _connects([HOST, (b"origin", b"http://play.example.org")])


@override_settings(
    ALLOWED_HOSTS=["play.example.org"],
    CSRF_TRUSTED_ORIGINS=["https://docs.example.org", "https://*.campus.example"],
)
async def test_csrf_trusted_origins_are_accepted_exactly() -> None:
    assert await _connects([HOST, (b"origin", b"https://docs.example.org")])
    assert await _connects([HOST, (b"origin", b"https://lab.campus.example")])
    assert not await _connects([HOST, (b"origin", b"http://docs.example.org")])
    assert not await _connects([HOST, (b"origin", b"https://docs.example.org:8443")])
    assert not await _connects([HOST, (b"origin", b"http://lab.campus.example")])
    assert not await _connects([HOST, (b"origin", b"https://campus.example.evil")])
