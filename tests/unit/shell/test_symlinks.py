"""Symbolic links in container file systems (#16): merged /usr's /bin -> usr/bin on Debian,
a kubelet volume's ..data and its names, as ls -l (GNU and BusyBox forms), ls -R, readlink
and cat show them."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.config import SimConfig
from playground.sim.sandbox import Sandbox
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import Layout
from playground.sim.shell.runner import Profile

POD = """apiVersion: v1
kind: Pod
metadata:
  name: box
  labels:
    zone: east
spec:
  containers:
  - name: c
    image: busybox:1.28
    command: ["sleep", "1d"]
    volumeMounts:
    - name: info
      mountPath: /etc/info
    - name: cm
      mountPath: /etc/cm
  volumes:
  - name: info
    downwardAPI:
      items:
      - path: labels
        fieldRef:
          fieldPath: metadata.labels
  - name: cm
    configMap:
      name: settings
"""


@pytest.fixture(scope="module")
def box() -> Sandbox:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("symlinks", clock.now()), clock)
    sandbox.write_file("pod.yaml", POD)
    for line in ("kubectl create configmap settings --from-literal=mode=fast",
                 "kubectl apply -f pod.yaml", "kubectl run deb --image=debian -- sleep 1d"):
        assert sandbox.execute(line).exit_code == 0
    clock.advance(30)
    return sandbox


def _run(box: Sandbox, pod: str, command: str) -> str:
    return str(box.execute(f"kubectl exec {pod} -- {command}").text)


def test_gnu_ls_long_shows_debians_merged_usr_links(box: Sandbox) -> None:
    assert _run(box, "deb", "ls -l /bin /lib") == (
        "lrwxrwxrwx 1 root root 7 Nov 23 14:45 /bin -> usr/bin\n"
        "lrwxrwxrwx 1 root root 7 Nov 23 14:45 /lib -> usr/lib\n")
    listing = _run(box, "deb", "ls -l /").splitlines()
    assert "lrwxrwxrwx 1 root root    8 Nov 23 14:45 sbin -> usr/sbin" in listing
    assert _run(box, "deb", "readlink /var/run") == "/run\n"
    assert _run(box, "deb", "readlink -f /var/run/lock") == "/run/lock\n"


def test_a_file_is_no_link_for_readlink(box: Sandbox) -> None:
    result = box.execute("kubectl exec deb -- readlink /etc/hostname")
    assert (result.text, result.exit_code) == ("command terminated with exit code 1\n", 1)


def test_busybox_ls_long_pads_its_columns_and_shows_the_volume_links(box: Sandbox) -> None:
    listing = _run(box, "box", "ls -l /etc/info").splitlines()
    assert listing[-1] == ("lrwxrwxrwx    1 root     root            13 Nov 23 14:45 "
                           "labels -> ..data/labels")
    everything = _run(box, "box", "ls -la /etc/cm").splitlines()
    data_dir = everything[3].split()[-1]  # after total, . and ..: the timestamped directory
    assert everything[3].startswith("drwxr-xr-x ") and data_dir.startswith("..20")
    assert everything[-2].endswith(" ..data -> " + data_dir)
    assert everything[-1].endswith(" mode -> ..data/mode")


def test_ls_recursive_does_not_follow_links_and_cat_reads_through_them(box: Sandbox) -> None:
    headers = [line for line in _run(box, "box", "ls -aR /etc/info").splitlines()
               if line.endswith(":")]
    assert len(headers) == 2 and headers[1].startswith("/etc/info/..20")
    assert _run(box, "box", "cat /etc/info/labels") == 'zone="east"'
    assert _run(box, "box", "cat /etc/cm/..data/mode") == "fast"
    # a link named on the command line without -l is followed: its directory is listed
    assert _run(box, "box", "ls /etc/cm/..data") == "mode\n"


def test_a_trailing_slash_and_cd_go_through_the_link(box: Sandbox) -> None:
    assert _run(box, "deb", "ls -ld /bin/") == (
        "drwxr-xr-x 2 root root 4096 Nov 23 14:45 /bin/\n")
    # `sh -c` runs in a child shell, whose own cwd its files see
    assert _run(box, "deb", "sh -c 'cd /bin && pwd && ls -a'") == "/bin\n.\n..\n"


def test_test_dash_l_sees_the_link_itself(box: Sandbox) -> None:
    assert _run(box, "box", "sh -c '[ -L /etc/info/labels ] && [ -f /etc/info/labels ] "
                "&& [ ! -L /etc/info/..data/labels ] && echo yes'") == "yes\n"
    assert _run(box, "deb", "sh -c 'test -h /bin && test -d /bin && echo yes'") == "yes\n"


@pytest.fixture()
def nginx() -> Sandbox:
    """An nginx pod (Debian 12, merged /usr) and a root shell in it, for the writes."""
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("links-write", clock.now()), clock)
    assert sandbox.execute("kubectl run web --image=nginx").exit_code == 0
    clock.advance(60)
    assert sandbox.execute("kubectl exec -it web -- bash", tab="t").exit_code == 0
    return sandbox


def _in(box: Sandbox, line: str) -> tuple[str, int]:
    result = box.execute(line, tab="t")
    assert result.exit_code is not None, f"{line!r} is still running"
    return str(result.text), result.exit_code


def test_a_write_through_a_linked_directory_lands_in_its_target(nginx: Sandbox) -> None:
    assert _in(nginx, "echo x > /bin/f") == ("", 0)
    assert _in(nginx, "cat /usr/bin/f") == ("x\n", 0)
    assert _in(nginx, "echo y > /usr/bin/o") == ("", 0)
    assert _in(nginx, "cat /bin/o") == ("y\n", 0)
    assert _in(nginx, "test -f /bin/o && test -e /usr/bin/f && echo both") == ("both\n", 0)
    assert _in(nginx, "cd /bin && cat f && pwd") == ("x\n/bin\n", 0)  # cd keeps the name


def test_rm_of_a_link_to_a_directory_removes_the_link_only(nginx: Sandbox) -> None:
    assert _in(nginx, "echo x > /usr/bin/f") == ("", 0)
    assert _in(nginx, "rm /bin") == ("", 0)
    assert _in(nginx, "ls -d /bin") == (
        "ls: cannot access '/bin': No such file or directory\n", 2)
    assert "bin" not in _in(nginx, "ls /")[0].split()
    assert _in(nginx, "cat /usr/bin/f") == ("x\n", 0)  # what it pointed to is untouched


def test_mv_renames_the_link_itself(nginx: Sandbox) -> None:
    assert _in(nginx, "mv /lib /lib2") == ("", 0)
    assert _in(nginx, "readlink /lib2") == ("usr/lib\n", 0)
    assert _in(nginx, "test -e /lib || echo gone") == ("gone\n", 0)
    assert _in(nginx, "ls -d /lib2/") == ("/lib2/\n", 0)


def test_os_release_is_a_link_into_usr_lib_on_debian(nginx: Sandbox) -> None:
    assert _in(nginx, "readlink /etc/os-release") == ("../usr/lib/os-release\n", 0)
    text, status = _in(nginx, "cat /etc/os-release")
    assert status == 0 and text.startswith('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    assert _in(nginx, "test -f /usr/lib/os-release && echo file") == ("file\n", 0)


def test_a_loop_of_links_is_eloop_and_never_followed_forever() -> None:
    layout = Layout(home="/", root="/", writable_system=True,
                    system_dirs=frozenset({"/", "/tmp"}),
                    links=(("/tmp/a", "b"), ("/tmp/b", "a"), ("/tmp/self", "self")))
    sh = Shell({}, {}, {}, SimConfig(), Profile(layout=layout))
    for line, err in (("cat /tmp/a", "cat: /tmp/a: Too many levels of symbolic links\n"),
                      ("echo x > /tmp/self/f", "/tmp/self/f: Too many levels of symbolic links\n")):
        io = Io()
        status = sh.run(line, io)
        assert status == 1 and io.stderr.endswith(err)
    io = Io()
    assert sh.run("ls -R /tmp; test -e /tmp/a || echo no; rm /tmp/self; ls /tmp", io) == 0
    assert io.stdout.endswith("no\na\nb\n")


def test_cp_r_copies_a_link_as_a_link_and_plain_cp_reads_through_it(nginx: Sandbox) -> None:
    assert _in(nginx, "cp -r /lib /lib.copy && readlink /lib.copy") == ("usr/lib\n", 0)
    assert _in(nginx, "test -L /lib && echo kept") == ("kept\n", 0)
    assert _in(nginx, "cp /etc/os-release /tmp/r && test ! -L /tmp/r && head -1 /tmp/r") == (
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n', 0)


def test_a_link_moved_where_an_image_link_was_removed_is_there(nginx: Sandbox) -> None:
    assert _in(nginx, "rm /lib && mv /lib64 /lib && readlink /lib") == ("usr/lib64\n", 0)
