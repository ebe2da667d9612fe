"""``ls`` on a terminal: columns as each ls lays them out, one name a line anywhere else."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.shell import columns

ROOT = ["bin", "boot", "dev", "docker-entrypoint.d", "docker-entrypoint.sh", "etc", "home",
        "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys",
        "tmp", "usr", "var"]


def test_gnu_columns_are_each_as_wide_as_their_longest_name() -> None:
    # coreutils 9.1 `ls -C -w 80 -T 0` of the nginx image's root
    assert columns.gnu(ROOT, 80) == (
        "bin   docker-entrypoint.d   home   media  proc  sbin  tmp\n"
        "boot  docker-entrypoint.sh  lib    mnt    root  srv   usr\n"
        "dev   etc                   lib64  opt    run   sys   var\n")


def test_gnu_keeps_a_line_shorter_than_the_width() -> None:
    # "aaaa  bbbb" is 10 wide: on 10 columns it does not fit, on 11 it does
    assert columns.gnu(["aaaa", "bbbb"], 10) == "aaaa\nbbbb\n"
    assert columns.gnu(["aaaa", "bbbb"], 11) == "aaaa  bbbb\n"


def test_busybox_columns_share_the_longest_names_width_one_less_than_the_terminal() -> None:
    # (80 - 1) // (5 + 2) = 11 columns fit; 12 names take 2 rows, so 6 columns are used
    names = ["bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr",
             "var"]
    assert columns.busybox(names, 80) == ("bin    etc    lib    proc   sys    usr\n"
                                          "dev    home   lib64  root   tmp    var\n")
    assert columns.busybox(["aaaa", "bbbb"], 12) == "aaaa\nbbbb\n"  # 11 // 6: one column
    assert columns.busybox(["aaaa", "bbbb"], 13) == "aaaa  bbbb\n"  # 12 // 6: two


@pytest.fixture()
def shell_tab() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("ls-columns", clock.now()), clock)
    assert box.execute("kubectl run web --image=nginx").exit_code == 0
    clock.advance(60)
    assert box.execute("kubectl exec -it web -- bash", tab="t", size=(30, 10)).exit_code == 0
    return box


def test_a_tty_session_lays_out_by_the_tabs_width(shell_tab: Sandbox) -> None:
    assert shell_tab.execute("ls /usr/share/nginx/html", tab="t").text == "50x.html  index.html\n"
    wide = shell_tab.execute("ls /", tab="t").text
    assert max(len(line) for line in wide.splitlines()) < 30
    # the page measured a wider terminal: the next line has it (kubectl exec's resize)
    assert shell_tab.execute("ls /", tab="t", size=(200, 10)).text.count("\n") == 1


@pytest.mark.parametrize("line", ["ls / | cat", "ls / > /tmp/x; cat /tmp/x", "echo \"$(ls /)\"",
                                  "ls -1 /"])
def test_not_a_terminal_is_one_name_a_line(shell_tab: Sandbox, line: str) -> None:
    assert shell_tab.execute(line, tab="t").text == "".join(n + "\n" for n in ROOT)


def test_exec_without_a_tty_is_one_name_a_line(shell_tab: Sandbox) -> None:
    assert shell_tab.execute("kubectl exec web -- ls /", size=(200, 10)).text == "".join(
        n + "\n" for n in ROOT)


def test_stty_tput_and_bash_read_the_tabs_size(shell_tab: Sandbox) -> None:
    assert shell_tab.execute("stty size; tput cols; tput lines", tab="t").text == "10 30\n30\n10\n"
    assert shell_tab.execute('echo "$COLUMNS $LINES"', tab="t", size=(99, 33)).text == "99 33\n"
    assert shell_tab.execute("echo $(tput cols)", tab="t").text == "99\n"  # stdout a pipe
    assert "Inappropriate ioctl" in shell_tab.execute("echo x | stty size", tab="t").text


def test_without_a_tty_stty_and_tput_say_so(shell_tab: Sandbox) -> None:
    assert shell_tab.execute("kubectl exec web -- stty size").text == (
        "stty: 'standard input': Inappropriate ioctl for device\n"
        "command terminated with exit code 1\n")
    assert shell_tab.execute("kubectl exec web -- tput cols").text.startswith(
        "tput: No value for $TERM and no -T specified\n")


def test_a_one_shot_exec_has_no_sessions_columns(shell_tab: Sandbox) -> None:
    shell_tab.execute("true", tab="t")  # the session's bash has set COLUMNS
    assert shell_tab.execute("kubectl exec web -- bash -c 'echo \"[$COLUMNS]\"'").text == "[]\n"


def test_the_sandbox_keeps_the_sizes_of_its_latest_tabs_only() -> None:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("sizes", clock.now()), clock)
    for n in range(40):
        box.execute("true", tab=f"w-{n}", size=(100 + n, 30))
    assert box.terminal_size("w-39") == (139, 30)
    assert box.terminal_size("w-0") == (80, 24)  # forgotten: the default again
    assert len(box.state["terminals"]) == 16


def test_gnu_across_fills_rows_each_column_as_wide_as_its_own_longest() -> None:
    names = ["bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt",
             "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"]
    assert columns.gnu(names, 80, across=True) == (
        "bin  boot  dev  etc  home  lib  lib64  media  mnt  opt  proc  root  run  sbin\n"
        "srv  sys   tmp  usr  var\n")
    assert columns.busybox(["a", "bb", "c"], 9, across=True) == "a   bb\nc\n"  # 8 // 4: two


@pytest.fixture(scope="module")
def images() -> Sandbox:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("ls-options", clock.now()), clock)
    for line in ("kubectl run bb --image=busybox -- sleep 1d",
                 "kubectl run deb --image=debian -- sleep 1d"):
        assert sandbox.execute(line).exit_code == 0
    clock.advance(30)
    return sandbox


def _exec(box: Sandbox, pod: str, line: str) -> str:
    return str(box.execute(f"kubectl exec {pod} -- {line}").text)


@pytest.mark.parametrize("pod", ["bb", "deb"])
def test_dash_c_and_dash_x_lay_out_columns_without_a_terminal(images: Sandbox, pod: str) -> None:
    names = _exec(images, pod, "ls /").split()
    lay_out = columns.busybox if pod == "bb" else columns.gnu
    assert _exec(images, pod, "ls -C /") == lay_out(names, 80)
    assert _exec(images, pod, "ls -x /") == lay_out(names, 80, across=True)
    assert _exec(images, pod, "ls -w 40 -C /") == lay_out(names, 40)
    assert _exec(images, pod, "ls -Cw30 -x /") == lay_out(names, 30, across=True)
    assert _exec(images, pod, "ls -C1 /") == "".join(n + "\n" for n in names)  # the last wins


def test_dash_l_dash_l_shows_what_a_link_leads_to(images: Sandbox) -> None:
    assert _exec(images, "deb", "ls -lL /etc/os-release") == (
        "-rw-r--r-- 1 root root 267 Nov 23 14:45 /etc/os-release\n")
    assert _exec(images, "deb", "ls -l /etc/os-release").startswith("lrwxrwxrwx ")


def test_busybox_refuses_an_option_in_its_own_words(images: Sandbox) -> None:
    usage = ("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
             "Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n"
             "command terminated with exit code 1\n")
    assert _exec(images, "bb", "ls -Z /") == "ls: invalid option -- 'Z'\n" + usage
    assert _exec(images, "bb", "ls --foo") == "ls: unrecognized option '--foo'\n" + usage
    assert _exec(images, "deb", "ls -Z /") == (
        "ls: invalid option -- 'Z'\nTry 'ls --help' for more information.\n"
        "command terminated with exit code 2\n")
    assert _exec(images, "deb", "ls -w x") == (
        "ls: invalid line width: 'x'\ncommand terminated with exit code 2\n")
