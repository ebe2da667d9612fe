"""The containers' package managers (runtime/packages.py): apt-get's and apk's output
structure, their errors, and installed programs living in the container run's layer only."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Result, Sandbox


def _not_in_path(program: str) -> str:
    """runc's words for a program the image does not have (kubectl exec prints them)."""
    return f'exec: "{program}": executable file not found in ' + "$PATH"


def _text(result: Result) -> str:
    return "".join(text for _stream, text in result.chunks)


@pytest.fixture()
def box() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("packages", clock.now()), clock)
    for line in ("kubectl run web --image=nginx", "kubectl run cache --image=memcached",
                 "kubectl run bb --image=busybox -- sleep 1d",
                 "kubectl run alp --image=alpine -- sleep 1d"):
        assert sandbox.execute(line).exit_code == 0
    clock.advance(60)
    return sandbox, clock


def test_install_before_update_finds_no_package(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    result = sandbox.execute("kubectl exec web -- apt-get install -y procps")
    assert "E: Unable to locate package procps\n" in _text(result)
    assert result.exit_code == 100
    # without a terminal apt prints no "Done"
    assert _text(result).startswith("Reading package lists...\nBuilding dependency tree...\n")


def test_unknown_package_after_update(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    update = _text(sandbox.execute("kubectl exec web -- apt-get update"))
    assert update.startswith("Get:1 http://deb.debian.org/debian bookworm InRelease [")
    assert "Get:3 http://deb.debian.org/debian-security bookworm-security InRelease" in update
    result = sandbox.execute("kubectl exec web -- apt-get install -y nosuch")
    assert "E: Unable to locate package nosuch\n" in _text(result)


def test_install_structure_and_ps_aux(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    sandbox.execute("kubectl exec web -- apt-get update")
    out = _text(sandbox.execute("kubectl exec web -- apt-get install -y procps"))
    lines = out.splitlines()
    order = ["The following NEW packages will be installed:", "Need to get ",
             "Get:1 http://deb.debian.org/debian bookworm/main amd64 ", "Fetched ",
             "Selecting previously unselected package ", "(Reading database ... ",
             "Setting up procps (2:4.0.2-3) ...", "Processing triggers for libc-bin ("]
    at = [next(i for i, line in enumerate(lines) if line.startswith(prefix)) for prefix in order]
    assert at == sorted(at)
    assert "0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded." in lines
    ps = _text(sandbox.execute("kubectl exec web -- ps aux")).splitlines()
    assert ps[0].split() == ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT",
                             "START", "TIME", "COMMAND"]
    assert ps[1].split()[:2] == ["root", "1"] and ps[1].endswith(
        "nginx: master process nginx -g daemon off;")
    assert ps[-1].split()[7:] == ["Rs", ps[-1].split()[8], "0:00", "ps", "aux"]
    ef = _text(sandbox.execute("kubectl exec web -- ps -ef")).splitlines()
    assert ef[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]


def test_apt_asks_on_a_terminal_and_the_next_line_answers(
        box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    sandbox.execute("kubectl exec -it web -- bash", tab="2")
    sandbox.execute("apt-get update", tab="2")
    asked = _text(sandbox.execute("apt-get install procps", tab="2"))
    assert asked.endswith("Do you want to continue? [Y/n] ")
    assert _text(sandbox.execute("n", tab="2")) == "Abort.\n"
    assert "ps: command not found" in _text(sandbox.execute("ps", tab="2"))
    sandbox.execute("apt-get install procps", tab="2")
    assert "Setting up procps" in _text(sandbox.execute("", tab="2"))
    assert sandbox.execute("ps aux", tab="2").exit_code == 0


def test_not_root_gets_the_lock_error(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    result = sandbox.execute("kubectl exec cache -- apt-get install -y procps")
    assert _text(result) == (
        "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission "
        "denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
        "are you root?\ncommand terminated with exit code 100\n")
    update = _text(sandbox.execute("kubectl exec cache -- apt-get update"))
    assert "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission " \
        "denied)\n" in update


def test_busybox_has_no_apt_and_alpine_has_apk(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, _clock = box
    result = sandbox.execute("kubectl exec bb -- apt-get update")
    assert _not_in_path("apt-get") in _text(result)
    added = _text(sandbox.execute("kubectl exec alp -- apk add curl"))
    lines = added.splitlines()
    assert lines[0] == ("fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/"
                        "APKINDEX.tar.gz")
    assert lines[2].startswith("(1/") and " Installing " in lines[2]
    assert any(line.endswith("Installing curl (8.11.1-r0)") for line in lines)
    assert lines[-1].startswith("OK: ") and lines[-1].endswith(" packages")
    missing = _text(sandbox.execute("kubectl exec alp -- apk add nosuch"))
    assert missing.startswith("ERROR: unable to select packages:\n  nosuch (no such package):\n"
                              "    required by: world[nosuch]\n")


def test_installed_programs_go_with_the_container(box: tuple[Sandbox, FixedClock]) -> None:
    sandbox, clock = box
    sandbox.execute("kubectl exec web -- apt-get update")
    sandbox.execute("kubectl exec web -- apt-get install -y procps")
    assert sandbox.execute("kubectl exec web -- ps aux").exit_code == 0
    sandbox.execute("kubectl exec web -- kill 1")  # nginx stops on SIGTERM; the kubelet restarts it
    clock.advance(30)
    gone = sandbox.execute("kubectl exec web -- ps aux")
    assert _not_in_path("ps") in _text(gone)
