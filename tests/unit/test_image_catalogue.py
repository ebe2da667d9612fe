"""The image catalogue as data: OS layers, each image's shells, files, users and programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.sim import images
from playground.sim.clock import FixedClock
from playground.sim.lifecycle import probes, programs
from playground.sim.sandbox import Sandbox

DATA = Path(images.__file__).parent / "data"


def _refs() -> list[str]:
    out = []
    for repository, entry in json.loads((DATA / "images.json").read_text())["images"].items():
        out += [f"{repository}:{tag}" for tag in entry["tags"]]
    return out


@pytest.mark.parametrize("ref", _refs())
def test_every_tag_of_the_catalogue_builds_on_a_known_base(ref: str) -> None:
    image = images.lookup(ref)
    assert image is not None
    assert image.root == tuple(sorted(image.root)) and "proc" in image.root
    # every shell the image names is a program it has
    assert all(image.has_binary(program) for program in image.shells)


@pytest.mark.parametrize(("ref", "sh", "bash"), [
    ("nginx", "dash", "bash"), ("httpd:2.4", "dash", "bash"), ("debian", "dash", "bash"),
    ("ubuntu:22.04", "dash", "bash"), ("nginx:alpine", "ash", None), ("busybox:1.28", "ash", None),
    ("alpine", "ash", None), ("registry.k8s.io/e2e-test-images/agnhost:2.40", "ash", "bash"),
    ("bash", "ash", "bash"), ("mysql", "bash", "bash"), ("gcr.io/google-samples/hello-app:2.0",
                                                        None, None),
    ("registry.k8s.io/pause:3.10", None, None), ("vish/stress", None, None),
])
def test_sh_is_the_flavour_the_base_installs(ref: str, sh: str | None, bash: str | None) -> None:
    image = images.lookup(ref)
    assert image is not None
    assert (image.shell_flavour("sh"), image.shell_flavour("/bin/bash")) == (sh, bash)


def test_nginx_html_folder_holds_the_pages_it_serves() -> None:
    image = images.lookup("nginx:1.27")
    assert image is not None
    files = dict(image.files)
    assert files["/usr/share/nginx/html/index.html"] == image.respond("/")[1]
    assert "<h1>An error occurred.</h1>" in files["/usr/share/nginx/html/50x.html"]
    assert "/usr/share/nginx/html" in image.dirs and "/docker-entrypoint.d" in image.dirs
    assert image.owner_of("/usr/share/nginx/html/index.html").uid == 0


def test_images_that_chown_folders_own_them_and_images_with_a_user_run_as_it() -> None:
    postgres, node, memcached = (images.lookup(r) for r in ("postgres:17", "node:22",
                                                             "memcached"))
    assert postgres is not None and node is not None and memcached is not None
    data = postgres.owner_of("/var/lib/postgresql/data")
    assert (data.name, data.uid, data.gid) == ("postgres", 999, 999)
    assert postgres.owner_of("/etc/os-release").name == "root"
    assert postgres.process_user().name == "root"  # its Dockerfile sets no USER
    assert node.owner_of("/home/node").uid == 1000
    assert (memcached.process_user().name, memcached.process_user().uid) == ("memcache", 11211)


def test_busybox_and_debian_tools_differ_as_their_packages_do() -> None:
    nginx, busybox = images.lookup("nginx"), images.lookup("busybox")
    assert nginx is not None and busybox is not None
    assert not nginx.has_binary("ps") and not nginx.has_binary("ping")
    assert busybox.has_binary("nslookup") and busybox.has_binary("wget")
    assert (nginx.tool_style, busybox.tool_style) == ("gnu", "busybox")


def _plan(ref: str, spec: dict[str, object], limit: int = 0) -> programs.Process:
    image = images.lookup(ref)
    assert image is not None
    proc = programs.plan(image, {"name": "c", "image": ref, **spec}, limit)
    assert proc is not None
    return proc


AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.40"


def test_agnhost_liveness_turns_unhealthy_after_ten_seconds() -> None:
    proc = _plan(AGNHOST, {"args": ["liveness"]})
    image = images.lookup(AGNHOST)
    assert image is not None and proc.ports == (8080,)
    assert probes.http_answer(proc, image, "/healthz", 9.0) == (200, "ok")
    assert probes.http_answer(proc, image, "/healthz", 10.5) == (500, "error: 10.5")
    assert 10.0 in probes.change_offsets(proc)


def test_agnhost_modes_read_their_flags_and_unknown_modes_fail_like_cobra() -> None:
    netexec = _plan(AGNHOST, {"args": ["netexec", "--http-port=9000", "--udp-port", "9001"]})
    assert netexec.ports == (9000, 9001)
    assert [line for _, line in netexec.lines][1].endswith("Started UDP server on port  9001")
    served = _plan(AGNHOST, {"command": ["/agnhost", "serve-hostname"]})
    assert served.ports == (9376,)
    assert [line for _, line in _plan(AGNHOST, {}).lines] == ["Paused"]  # CMD ["pause"]
    bad = _plan(AGNHOST, {"args": ["nope"]})
    assert (bad.exit_code, [line for _, line in bad.lines]) == (
        1, ['Error: unknown command "nope" for "agnhost"', "Run 'agnhost --help' for usage."])


def test_vish_stress_spins_cpus_and_is_oom_killed_past_its_limit() -> None:
    cpu = _plan("vish/stress", {"args": ["-cpus", "2"]})
    assert sum("Spawning a thread" in line for _, line in cpu.lines) == 2
    oom = _plan("vish/stress", {"args": ["-mem-total", "150Mi", "-mem-alloc-size", "10Mi",
                                         "-mem-alloc-sleep", "1s"]}, limit=100 * 1024**2)
    assert (oom.reason, oom.exit_code) == ("OOMKilled", 137)
    assert oom.exit_after == pytest.approx(0.05 + 11)  # the 11th 10Mi step crosses 100Mi


def test_a_command_that_uses_an_unknown_image_names_it_in_its_result() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("unknown-image", clock.now()), clock)
    result = sandbox.execute("kubectl run a --image=nginx && kubectl run b --image=nosuch/img:2")
    assert result.text == "pod/a created\npod/b created\n"
    assert result.unknown_images == ("nosuch/img:2",)
    assert sandbox.execute("kubectl get pods").unknown_images == ()
    changed = sandbox.execute("kubectl set image pod/a a=nginx:0.0.404")
    assert changed.unknown_images == ("nginx:0.0.404",)
    dry = sandbox.execute("kubectl run c --image=ghost --dry-run=client -o name")
    assert dry.unknown_images == ()


def test_old_nginx_tags_have_no_entrypoint_script_and_the_old_welcome_page() -> None:
    old, new = images.lookup("nginx:1.14.2"), images.lookup("nginx:1.27")
    assert old is not None and new is not None
    assert old.entrypoint == () and old.logs == () and "docker-entrypoint.d" not in old.root
    assert len(old.respond("/")[1].encode()) == 612 and len(new.respond("/")[1].encode()) == 615
    assert "stretch" in dict(old.files)["/usr/lib/os-release"]
