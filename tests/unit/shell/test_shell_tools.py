"""The shell's tools print what GNU coreutils, grep, sed and awk print."""

from __future__ import annotations

import pytest

from tests.unit.shell.conftest import Run

FRUIT = "apple 3\nbanana 10\napple 3\ncherry 2\n"


@pytest.fixture
def fruit(run: Run, files: dict[str, str]) -> Run:
    files["f"] = FRUIT
    files["g"] = "x\n"
    return run


def test_echo_flags_and_escapes(run: Run) -> None:
    assert run("echo -n a; echo -e 'b\\tc'; echo -x") == (0, "ab\tc\n-x\n", "")


def test_cat_missing_file_and_directory(run: Run) -> None:
    run("mkdir d")
    assert run("cat nope.yaml d") == (
        1,
        "",
        "cat: nope.yaml: No such file or directory\ncat: d: Is a directory\n",
    )


def test_ls_plain_long_and_missing(fruit: Run) -> None:
    assert fruit("ls") == (0, "f\ng\nmyweb.yaml\n", "")
    assert fruit("ls -l g") == (0, "-rw-r--r-- 1 learner learner 2 Nov 23 14:45 g\n", "")
    assert fruit("ls nope") == (2, "", "ls: cannot access 'nope': No such file or directory\n")


def test_ls_files_before_directories_with_headers(fruit: Run) -> None:
    fruit("mkdir -p d/e && touch d/y")
    assert fruit("ls d f") == (0, "f\n\nd:\ne\ny\n", "")


def test_rm_cp_mv_errors(fruit: Run) -> None:
    fruit("mkdir d")
    assert fruit("rm nope d") == (
        1,
        "",
        "rm: cannot remove 'nope': No such file or directory\n"
        "rm: cannot remove 'd': Is a directory\n",
    )
    assert fruit("cp nope x") == (1, "", "cp: cannot stat 'nope': No such file or directory\n")
    assert fruit("cp d e") == (1, "", "cp: -r not specified; omitting directory 'd'\n")
    assert fruit("mv f") == (
        1,
        "",
        "mv: missing destination file operand after 'f'\nTry 'mv --help' for more information.\n",
    )
    assert fruit("mkdir d") == (1, "", "mkdir: cannot create directory ‘d’: File exists\n")


def test_cp_mv_rm_change_files(fruit: Run, files: dict[str, str]) -> None:
    assert fruit("cp f h && mv g d2 && rm h") == (0, "", "")
    assert "h" not in files and "g" not in files and files["d2"] == "x\n"
    assert fruit("rm -f nope; rm -r nope") == (
        1,
        "",
        "rm: cannot remove 'nope': No such file or directory\n",
    )


def test_cd_pwd_and_errors(fruit: Run) -> None:
    assert fruit("mkdir -p a/b && cd a/b && pwd") == (0, "/home/learner/a/b\n", "")
    assert fruit("cd nope") == (1, "", "bash: cd: nope: No such file or directory\n")
    assert fruit("cd; cd f") == (1, "", "bash: cd: f: Not a directory\n")


def test_grep_flags_and_multiple_files(fruit: Run) -> None:
    assert fruit("grep -c a f g") == (0, "f:3\ng:0\n", "")
    assert fruit("grep -n apple f g") == (0, "f:1:apple 3\nf:3:apple 3\n", "")
    assert fruit("grep -A1 banana f") == (0, "banana 10\napple 3\n", "")
    assert fruit("grep -C1 -n cherry f") == (0, "3-apple 3\n4:cherry 2\n", "")
    assert fruit("grep -o an f") == (0, "an\nan\n", "")
    assert fruit("grep -iv APPLE f") == (0, "banana 10\ncherry 2\n", "")
    assert fruit("grep -E 'ch|ban' f") == (0, "banana 10\ncherry 2\n", "")
    assert fruit("grep x nope") == (2, "", "grep: nope: No such file or directory\n")


def test_head_tail_counts_and_errors(fruit: Run) -> None:
    assert fruit("head -n 1 f; head -2 f | tail -1") == (0, "apple 3\nbanana 10\n", "")
    assert fruit("tail -n +3 f") == (0, "apple 3\ncherry 2\n", "")
    assert fruit("head -c 3 f") == (0, "app", "")
    assert fruit("head -n x f") == (1, "", "head: invalid number of lines: ‘x’\n")
    assert fruit("tail nope") == (
        1,
        "",
        "tail: cannot open 'nope' for reading: No such file or directory\n",
    )


def test_wc_formats_like_coreutils(fruit: Run) -> None:
    assert fruit("wc f") == (0, " 4  8 35 f\n", "")
    assert fruit("wc -l f") == (0, "4 f\n", "")
    assert fruit("wc f g") == (0, " 4  8 35 f\n 1  1  2 g\n 5  9 37 total\n", "")
    assert fruit("wc -l < f") == (0, "4\n", "")
    assert fruit("cat f | wc") == (0, "      4       8      35\n", "")


def test_sort_uniq_cut_tr(fruit: Run) -> None:
    assert fruit("sort -k2 -n f") == (0, "cherry 2\napple 3\napple 3\nbanana 10\n", "")
    assert fruit("sort -u f") == (0, "apple 3\nbanana 10\ncherry 2\n", "")
    assert fruit("sort f | uniq -c") == (
        0,
        "      2 apple 3\n      1 banana 10\n      1 cherry 2\n",
        "",
    )
    assert fruit("cut -d' ' -f2 f | sort -rn | head -1") == (0, "10\n", "")
    assert fruit("cut -c1-3 g f | head -2") == (0, "x\napp\n", "")
    assert fruit("echo abc | tr a-z A-Z; echo abc | tr -d b") == (0, "ABC\nac\n", "")


def test_sed_print_ranges_and_substitute(fruit: Run, files: dict[str, str]) -> None:
    assert fruit("sed -n 2p f") == (0, "banana 10\n", "")
    assert fruit("sed -n '2,3p' f") == (0, "banana 10\napple 3\n", "")
    assert fruit("sed -n '/banana/,$p' f") == (0, "banana 10\napple 3\ncherry 2\n", "")
    assert fruit("sed -n '/ban/,/che/p' f") == (0, "banana 10\napple 3\ncherry 2\n", "")
    assert fruit("sed 's/a/A/g' g f | head -2") == (0, "x\nApple 3\n", "")
    assert fruit("sed -e 's/apple/pear/' -e '/cherry/d' f") == (
        0,
        "pear 3\nbanana 10\npear 3\n",
        "",
    )
    fruit("sed -i 's/x/y/' g")
    assert files["g"] == "y\n"


def test_awk_fields_patterns_and_sums(fruit: Run) -> None:
    assert fruit("awk '{print $2}' f | head -2") == (0, "3\n10\n", "")
    assert fruit("awk '/an/ {print NR\": \"$1, $NF}' f") == (0, "2: banana 10\n", "")
    assert fruit("awk '{s += $2} END {print s}' f") == (0, "18\n", "")
    assert fruit("echo a:b:c | awk -F: '{print $NF, $1}'") == (0, "c a\n", "")
    assert fruit("awk 'NR>3' f") == (0, "cherry 2\n", "")
    assert fruit("awk '$2 > 5 {print $1}' f") == (0, "banana\n", "")


def test_which_type_and_identity(run: Run) -> None:
    assert run("which kubectl ls cd") == (1, "/usr/local/bin/kubectl\n/usr/bin/ls\n", "")
    assert run("type cd") == (0, "cd is a shell builtin\n", "")
    assert run("whoami; hostname") == (0, "learner\nplayground\n", "")


def test_clear_writes_escape_sequence(run: Run) -> None:
    assert run("clear") == (0, "\x1b[H\x1b[2J\x1b[3J", "")


def test_sleep_calls_hook_after_checking_operands(files: dict[str, str]) -> None:
    from playground.sim.shell import Io, Shell

    seen: list[list[str]] = []
    def sleep(argv: list[str], stdin: str | None, io: Io) -> int:
        seen.append(argv)
        return 0

    shell = Shell(files, {}, {"sleep": sleep})
    assert shell.run("sleep 1m 5", Io()) == 0
    io = Io()
    assert shell.run("sleep x", io) == 1
    assert (
        io.stderr == "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n"
    )
    assert seen == [["sleep", "65"]]


def test_sed_tab_escape_in_pattern(run: Run) -> None:
    run("printf 'a\\tb\\n' > t.txt")
    assert run("sed 's/\\t/  /' t.txt") == (0, "a  b\n", "")
