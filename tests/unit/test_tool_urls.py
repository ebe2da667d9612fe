"""GNU wget 1.21's and curl 7.88's refusals of a malformed URL, each text as the real tools on
Debian 12 print it (none of these needs a network)."""

from __future__ import annotations

import pytest

from playground.sim import tool_urls


@pytest.mark.parametrize(("url", "text"), [
    ("https://k8s.io:99999/x", "https://k8s.io:99999/x: Bad port number.\n"),
    ("https://k8s.io:abc/x", "https://k8s.io:abc/x: Bad port number.\n"),
    ("k8s.io:99999", "http://k8s.io:99999: Bad port number.\n"),
    ("https://[::1", "https://[::1: Unterminated IPv6 numeric address.\n"),
    ("http://[zz]/", "http://[zz]/: Invalid IPv6 numeric address.\n"),
    ("http://[::1]:abc/", "http://[::1]:abc/: Bad port number.\n"),
    ("https://", "https://: Invalid host name.\n"),
    ("http://:80/", "http://:80/: Invalid host name.\n"),
    ("foo://x", "foo://x: Unsupported scheme ‘foo’.\n"),
])
def test_wget_fault(url: str, text: str) -> None:
    assert tool_urls.wget_fault(url) == text


def test_wget_accepts_what_it_resolves() -> None:
    for url in ("http://k8s.io:/x", "http://k8s.io:0/", "http://a]b/", "http://[::1]:80/"):
        assert tool_urls.wget_fault(url) is None


_BAD = (3, "curl: (3) URL using bad/illegal format or missing URL\n")


@pytest.mark.parametrize(("url", "fault"), [
    ("https://k8s.io:99999/x", _BAD),
    ("https://k8s.io:abc/x", _BAD),
    ("https://", _BAD),
    ("http://a b/", _BAD),
    ("http://:80/", _BAD),
    ("https://[::1", (3, "curl: (3) bad range specification in URL position 10:\n"
                         "https://[::1\n         ^\n")),
    ("http://[zz]/", (3, "curl: (3) bad range in URL position 9:\nhttp://[zz]/\n        ^\n")),
    ("http://x/[a", (3, "curl: (3) bad range in URL position 11:\nhttp://x/[a\n          ^\n")),
    ("http://a]b/", (3, "curl: (3) unmatched close brace/bracket in URL position 9:\n"
                        "http://a]b/\n        ^\n")),
    ("foo://x", (1, 'curl: (1) Protocol "foo" not supported or disabled in libcurl\n')),
])
def test_curl_fault(url: str, fault: tuple[int, str]) -> None:
    assert tool_urls.curl_fault(url, globoff=False) == fault


def test_curl_globoff_skips_the_glob_and_takes_ipv6_literals() -> None:
    assert tool_urls.curl_fault("https://[::1", globoff=True) == _BAD
    assert tool_urls.curl_fault("http://[::1]:8080/", globoff=False) is None
    assert tool_urls.curl_fault("localhost:8080", globoff=False) is None
