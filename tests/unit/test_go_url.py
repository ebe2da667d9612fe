"""Go's net/url.Parse as kubectl's client runs it: each fault text as the real kubectl 1.32
client prints it inside ``parse "RAW": …`` (``kubectl create --dry-run=client -f URL``)."""

from __future__ import annotations

import pytest

from playground.sim import go_url


@pytest.mark.parametrize(("raw", "reason"), [
    ("https://[::1", "missing ']' in host"),
    ("https://k8s.io:abc/x", 'invalid port ":abc" after host'),
    ("https://k8s.io/x#%zz", 'invalid URL escape "%zz"'),
    ("https://%41/x", 'invalid URL escape "%41"'),
    ("https://a b/", 'invalid character " " in host name'),
    ("https://k8s.io/\x01", "net/url: invalid control character in URL"),
])
def test_faults_in_gos_words(raw: str, reason: str) -> None:
    with pytest.raises(go_url.GoUrlError) as caught:
        go_url.parse(raw)
    assert str(caught.value) == f"parse {go_url.quote(raw)}: {reason}"


def test_quote_is_gos_percent_q() -> None:
    assert go_url.quote("https://k8s.io/\x01") == '"https://k8s.io/\\x01"'
    assert go_url.quote('a"b\\') == '"a\\"b\\\\"'


def test_parts_host_port_and_unescaped_path() -> None:
    url = go_url.parse("https://u@[::1]:80/a%20b?x#f")
    assert (url.host, url.hostname, url.port, url.path) == ("[::1]:80", "::1", "80", "/a b")
    assert go_url.parse("https://k8s.io:/x").port == ""
    assert go_url.parse("https://a%25b/x").hostname == "a%25b"  # kept escaped, as typed


def test_request_uri_rules() -> None:
    with pytest.raises(go_url.GoUrlError, match="invalid URI for request"):
        go_url.parse("api/v1", via_request=True)
    assert go_url.parse("//[x", via_request=True).path == "//[x"  # no authority in a path
