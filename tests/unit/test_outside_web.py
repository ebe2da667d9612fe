"""The playground's outside web: k8s.io's 301 to kubernetes.io, the bundled example files,
kubernetes.io's 404 for other paths, info.cern.ch's home page, and no other name."""

from __future__ import annotations

from playground.sim import outside_web


def test_k8s_io_redirects_to_kubernetes_io_with_the_same_path() -> None:
    answer = outside_web.get("https://k8s.io/examples/pods/simple-pod.yaml")
    assert answer is not None
    assert (answer.status_line, answer.location) == (
        "301 Moved Permanently", "https://kubernetes.io/examples/pods/simple-pod.yaml")


def test_follow_ends_at_the_bundled_file() -> None:
    last, answer = outside_web.follow("https://k8s.io/examples/configmap/ui.properties")
    assert last == "https://kubernetes.io/examples/configmap/ui.properties"
    assert answer is not None and answer.status == 200
    assert answer.body == outside_web.example("configmap/ui.properties")
    assert answer.content_type == "application/octet-stream"


def test_unknown_paths_and_hosts() -> None:
    missing = outside_web.get("https://kubernetes.io/examples/pods/nope.yaml")
    assert missing is not None and missing.status_line == "404 Not Found"
    readme = outside_web.get("https://kubernetes.io/examples/README.md")
    assert readme is not None and readme.status == 404
    assert outside_web.get("https://example.com/") is None
    assert outside_web.follow("https://example.com/") == ("https://example.com/", None)


def test_info_cern_ch_home_page() -> None:
    home = outside_web.get("http://info.cern.ch")
    assert home is not None and home.status == 200
    assert home.body.startswith("<html><head></head><body><header>\n<title>http://info.cern.ch")
    assert len(home.body.encode()) == 646  # the Content-Length that server sends
