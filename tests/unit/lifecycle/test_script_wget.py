"""busybox wget as PID 1 on the outside web: the init-container page's download of
http://info.cern.ch (its 646-byte home page), busybox's log lines, ``bad address`` for a public
name the outside web does not know, and nothing for cluster names."""

from __future__ import annotations

from playground.sim import outside_web
from playground.sim.lifecycle.script_wget import outside_download


def test_download_writes_the_file_and_logs_busybox_lines() -> None:
    got = outside_download(["wget", "-O", "/work-dir/index.html", "http://info.cern.ch"])
    assert got is not None
    assert (got.status, got.path) == (0, "/work-dir/index.html")
    assert got.body == outside_web.get("http://info.cern.ch/").body  # type: ignore[union-attr]
    assert len(got.body.encode()) == 646
    assert got.log == ("Connecting to info.cern.ch (188.184.67.127:80)",
                       "saving to '/work-dir/index.html'",
                       "index.html           100% |********************************|   646  "
                       "0:00:00 ETA",
                       "'/work-dir/index.html' saved")


def test_unknown_public_name_is_a_bad_address() -> None:
    got = outside_download(["wget", "-O", "/x", "http://example.invalid"])
    assert got is not None
    assert (got.status, got.path, got.log) == (1, "", ("wget: bad address 'example.invalid'",))


def test_cluster_names_are_left_to_the_cluster() -> None:
    assert outside_download(["wget", "-qO-", "http://web.default"]) is None
    assert outside_download(["wget", "-qO-", "http://web.default.svc.cluster.local"]) is None
    assert outside_download(["wget", "-qO-", "http://10.96.0.10"]) is None
