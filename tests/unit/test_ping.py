"""busybox ping in container shells and per-image system files (images.json ``files``)."""

from __future__ import annotations

from playground.sim import containers, ping
from playground.sim.images import lookup
from playground.sim.shell import Io
from tests.unit.lifecycle.helpers import container, pod


def run(argv: list[str], route: ping.Route | None) -> tuple[int, str, str]:
    io = Io()
    code = ping.ping(argv, io, lambda _host: route)
    return code, io.stdout, io.stderr


def test_ping_reachable_prints_busybox_format() -> None:
    code, out, _ = run(["ping", "-c", "2", "10.233.96.2"], ping.Route("10.233.96.2", 1))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "PING 10.233.96.2 (10.233.96.2): 56 data bytes"
    assert lines[1].startswith("64 bytes from 10.233.96.2: seq=0 ttl=63 time=")
    assert lines[4] == "--- 10.233.96.2 ping statistics ---"
    assert lines[5] == "2 packets transmitted, 2 packets received, 0% packet loss"
    assert lines[6].startswith("round-trip min/avg/max = ")


def test_ping_silent_address_loses_everything_and_bad_name_fails() -> None:
    code, out, _ = run(["ping", "-c", "3", "kubernetes"], ping.Route("10.96.0.1", None))
    assert code == 1 and "3 packets transmitted, 0 packets received, 100% packet loss" in out
    code, out, err = run(["ping", "-c", "1", "nope"], None)
    assert (code, out, err) == (1, "", "ping: bad address 'nope'\n")


def test_ping_route_localhost_own_pods_and_nodes() -> None:
    me = pod("me", [container("c", "busybox")], ip="10.233.96.1")
    near = pod("near", [container("c", "busybox")], ip="10.233.96.2")
    far = pod("far", [container("c", "busybox")], node="node3", ip="10.233.92.1")
    pods = [me, near, far]
    assert containers.ping_route(pods, [], me, "localhost") == ping.Route("127.0.0.1", 0)
    assert containers.ping_route(pods, [], me, "me") == ping.Route("10.233.96.1", 0)
    assert containers.ping_route(pods, [], me, "10.233.96.2") == ping.Route("10.233.96.2", 1)
    assert containers.ping_route(pods, [], me, "10.233.92.1") == ping.Route("10.233.92.1", 2)
    assert containers.ping_route(pods, [], me, "10.1.2.3") == ping.Route("10.1.2.3", None)
    assert containers.ping_route(pods, [], me, "far") is None


def test_image_files_ubuntu_focal_os_release() -> None:
    image = lookup("ubuntu:focal")
    assert image is not None
    files = dict(image.files)
    # /etc/os-release is the link ../usr/lib/os-release, the file base-files ships
    assert dict(image.links)["/etc/os-release"] == "../usr/lib/os-release"
    assert 'VERSION="20.04.6 LTS (Focal Fossa)"\n' in files["/usr/lib/os-release"]
    assert 'PRETTY_NAME="Ubuntu 20.04.6 LTS"\n' in files["/usr/lib/os-release"]
    nginx = lookup("nginx:1.27")
    assert nginx is not None and 'ID=debian\n' in dict(nginx.files)["/usr/lib/os-release"]
    busybox = lookup("busybox")
    assert busybox is not None and busybox.files == ()
