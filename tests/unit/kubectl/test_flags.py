"""pflag-compatible parsing: spellings kubectl accepts and the errors it prints."""

from __future__ import annotations

import pytest

from playground.sim.kubectl.errors import FlagError
from playground.sim.kubectl.flags import Flag, FlagSet

FLAGS = [
    Flag("output", "o", default=""),
    Flag("stdin", "i", kind="bool", default=False),
    Flag("tty", "t", kind="bool", default=False),
    Flag("watch", "w", kind="bool", default=False),
    Flag("env", kind="list", split=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("dry-run", default="none", no_value="unchanged"),
]


def parse(*argv: str):
    return FlagSet("get", FLAGS).parse(list(argv))


def test_parse_value_forms_all_agree() -> None:
    for argv in (["-o", "yaml"], ["-oyaml"], ["-o=yaml"], ["--output", "yaml"], ["--output=yaml"]):
        assert parse(*argv)["output"] == "yaml"


def test_parse_combined_shorthand_bools() -> None:
    parsed = parse("-it", "pod")
    assert parsed["stdin"] and parsed["tty"] and parsed.args == ["pod"]


def test_parse_flags_interspersed_with_arguments() -> None:
    parsed = parse("pods", "-n", "kube-system", "myweb")
    assert parsed.args == ["pods", "myweb"] and parsed["namespace"] == "kube-system"


def test_parse_double_dash_ends_flags() -> None:
    parsed = parse("x", "--", "sleep", "-o", "3600")
    assert parsed.args == ["x", "sleep", "-o", "3600"] and parsed.dash_at == 1


def test_parse_repeatable_list_flag() -> None:
    assert parse("--env", "A=1", "--env=B=2,3")["env"] == ["A=1", "B=2,3"]


def test_parse_optional_value_flag_without_value() -> None:
    assert parse("--dry-run")["dry-run"] == "unchanged"
    assert parse("--dry-run=client")["dry-run"] == "client"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--all"], "unknown flag: --all"),
        (["-all"], "unknown shorthand flag: 'a' in -all"),
        (["-o"], "flag needs an argument: 'o' in -o"),
        (["--output"], "flag needs an argument: --output"),
        (
            ["--grace-period=abc"],
            'invalid argument "abc" for "--grace-period" flag: strconv.ParseInt: '
            'parsing "abc": invalid syntax',
        ),
        (
            ["-w=maybe"],
            'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: '
            'parsing "maybe": invalid syntax',
        ),
    ],
)
def test_parse_errors_match_kubectl(argv: list[str], message: str) -> None:
    # Expected texts recorded from kubectl v1.32.5 (`kubectl get <argv>`).
    with pytest.raises(FlagError) as caught:
        parse(*argv)
    assert caught.value.render() == f"error: {message}\nSee 'kubectl get --help' for usage.\n"
