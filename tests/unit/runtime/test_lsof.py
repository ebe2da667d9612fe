"""lsof 4.95 in a container (#16): print_file()'s columns and what the processes hold."""

from __future__ import annotations

from playground.sim.clock import FixedClock
from playground.sim.runtime import lsof
from playground.sim.sandbox import Sandbox


def test_columns_follow_print_file() -> None:
    rows = [lsof.Row("nginx", 1, "root", "cwd", "DIR", "0,52", "4096", "12", "/"),
            lsof.Row("nginx", 1, "root", "6u", "IPv4", "7711", "0t0", "TCP", "*:80 (LISTEN)"),
            lsof.Row("bash", 13, "root", "255u", "CHR", "136,0", "0t0", "3", "/dev/pts/0")]
    assert lsof._render(rows).splitlines() == [
        # FdColW = len("255") + 2; the title sits in FdColW - 2, then three spaces
        "COMMAND PID USER  FD   TYPE DEVICE SIZE/OFF NODE NAME",
        "nginx     1 root cwd    DIR   0,52     4096   12 /",
        "nginx     1 root   6u  IPv4   7711      0t0  TCP *:80 (LISTEN)",
        "bash     13 root 255u   CHR  136,0      0t0    3 /dev/pts/0",
    ]


def test_lsof_after_apt_lists_nginx_its_libraries_and_sockets() -> None:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("lsof", clock.now()), clock)
    box.execute("kubectl run web --image=nginx")
    clock.advance(30)
    # not installed yet: runc finds no such program
    runc = ('exec: "lsof": executable file '
            "not found in $PATH")  # runc's words
    assert runc in box.execute("kubectl exec web -- lsof").text
    box.execute("kubectl exec web -- apt-get update")
    box.execute("kubectl exec web -- apt-get install -y lsof")
    lines = box.execute("kubectl exec web -- lsof").text.splitlines()
    assert lines[0].split() == ["COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE", "SIZE/OFF",
                                "NODE", "NAME"]
    master = [line.split() for line in lines if line.split()[:2] == ["nginx", "1"]]
    assert [m[3] for m in master[:3]] == ["cwd", "rtd", "txt"]
    assert ["6u", "IPv4"] == master[-2][3:5] and master[-2][-2:] == ["*:80", "(LISTEN)"]
    mem = [m[-3].rsplit("/", 1)[-1] for m in master if m[3] == "mem"]
    assert "libpcre2-8.so.0.11.2" in mem and mem[-1] == "ld-linux-x86-64.so.2"
    workers = {line.split()[2] for line in lines if line.startswith("nginx") and
               line.split()[1] != "1"}
    assert workers == {"nginx"}  # printuid() names uid 101 from the image's /etc/passwd
