"""Static files of the live stack: content-hashed names, gzip, and caching for good."""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

STATIC = Path(__file__).resolve().parents[2] / "static"
YEAR = 365 * 24 * 3600


def get(url: str, *, gzip_ok: bool = True) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


def max_age(headers: dict[str, str]) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
    return int(found.group(1)) if found else 0


def page_assets(live_stack: str) -> dict[str, str]:
    """The lesson page's bundle, stylesheet and schema URLs, by the name they were built as."""
    _, body = get(live_stack + "/?lang=en", gzip_ok=False)
    html = body.decode()
    found = re.findall(r'(?:src|href|data-schema-url)="(/static/[^"]+)"', html)
    return {re.sub(r"\.[0-9a-f]{12}\.", ".", url): url for url in found}


def _urls_unhashed(css: bytes) -> bytes:
    """Every url(...) as the plain relative name it was built with: no quotes, no ./, no hash."""
    def plain(match: re.Match[bytes]) -> bytes:
        target = match.group(1).strip(b"\"'").removeprefix(b"./")
        return b"url(" + re.sub(rb"\.[0-9a-f]{12}\.", b".", target) + b")"

    return re.sub(rb"url\(([^)]*)\)", plain, css)


def test_page_links_hashed_names_served_gzipped_and_immutable(live_stack: str) -> None:
    assets = page_assets(live_stack)

    for plain in (
        "/static/playground/app.js",
        "/static/playground/app.css",
        "/static/playground/k8s-schema-v1.32.json",
    ):
        hashed = assets[plain]
        stem, ext = plain.rsplit(".", 1)
        assert re.fullmatch(re.escape(stem) + r"\.[0-9a-f]{12}\." + ext, hashed), hashed
        headers, body = get(live_stack + hashed)
        assert headers["content-encoding"] == "gzip"
        assert "immutable" in headers["cache-control"] and max_age(headers) >= YEAR
        assert "Accept-Encoding" in headers.get("vary", "")
        # The same bytes as the committed build, once unzipped (a stylesheet's url()s name the
        # hashed files, as the manifest storage rewrites them).
        served = gzip.decompress(body)
        built = (STATIC / plain.removeprefix("/static/")).read_bytes()
        if ext == "css":
            served, built = _urls_unhashed(served), _urls_unhashed(built)
        assert served == built


def test_bundle_without_gzip_is_sent_plain(live_stack: str) -> None:
    hashed = page_assets(live_stack)["/static/playground/app.js"]
    headers, body = get(live_stack + hashed, gzip_ok=False)

    assert "content-encoding" not in headers
    assert body == (STATIC / "playground" / "app.js").read_bytes()


def test_editor_chunk_is_named_by_content_and_cached_for_good(live_stack: str) -> None:
    hashed = page_assets(live_stack)["/static/playground/app.js"]
    _, bundle = get(live_stack + hashed, gzip_ok=False)
    # app.js imports the editor lazily, by esbuild's content-hashed chunk name.
    chunk = re.search(rb'"\./chunks/(editor-[A-Z0-9]{8}\.js)"', bundle)
    assert chunk is not None
    headers, body = get(f"{live_stack}/static/playground/chunks/{chunk.group(1).decode()}")

    assert headers["content-encoding"] == "gzip"
    assert "immutable" in headers["cache-control"] and max_age(headers) >= YEAR
    assert b"cm-content" in gzip.decompress(body)  # CodeMirror is in the chunk...
    assert b"cm-content" not in bundle  # ...and not in the bundle the page loads first


def test_plain_name_is_served_but_not_cached_for_good(live_stack: str) -> None:
    headers, _ = get(live_stack + "/static/playground/app.js")

    assert "immutable" not in headers.get("cache-control", "")
    assert max_age(headers) <= 3600
