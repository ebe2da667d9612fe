"""The workstation's curl 7.88 on the outside web: each URL one transfer with the -o/-O given
for it in order (the rest to stdout), the progress meter only for a transfer to a file, and
``-w``'s variables written after each transfer (``000`` when nothing answered)."""

from __future__ import annotations

from playground.sim import host_curl, outside_web
from tests.unit.kubectl._sandbox import Session

_POD = "https://kubernetes.io/examples/pods/simple-pod.yaml"
_BODY = outside_web.example("pods/simple-pod.yaml") or ""
_SIZE = len(_BODY.encode())


def test_output_to_dev_null_still_counts_the_bytes() -> None:
    text = Session().run(f"curl -o /dev/null {_POD}").text
    assert f"100   {_SIZE}  100   {_SIZE}    0     0" in text
    assert _BODY not in text


def test_second_url_without_an_output_goes_to_stdout() -> None:
    s = Session()
    result = s.run(f"curl -s -o a {_POD} {_POD}")
    assert result.exit_code == 0
    assert result.text == _BODY
    assert s.run("cat a").text == _BODY


def test_write_out_variables_after_each_transfer() -> None:
    s = Session()
    result = s.run(f"curl -s -o /dev/null -w '%{{http_code}} %{{size_download}} "
                   f"%{{url_effective}}\\n' {_POD}")
    assert result.text == f"200 {_SIZE} {_POD}\n"
    followed = s.run("curl -sL -o x -w '%{http_code} %{num_redirects}%%' "
                     "https://k8s.io/examples/pods/simple-pod.yaml")
    assert followed.text == "200 1%"
    moved = s.run("curl -s -w '%{http_code}' https://k8s.io/examples/pods/simple-pod.yaml")
    assert moved.text == "301"


def test_write_out_when_nothing_answers_and_an_unknown_variable() -> None:
    s = Session()
    result = s.run("curl -sS -w '%{http_code} %{foo}\\n' https://nowhere.invalid/")
    assert result.exit_code == 6
    # order as curl 7.88 writes it unbuffered: the error, then -w with the warning in place
    assert result.text == ("curl: (6) Could not resolve host: nowhere.invalid\n"
                           "000 curl: unknown --write-out variable: 'foo'\n\n")


def test_url_effective_has_a_scheme_and_a_path() -> None:
    # as curl 7.88 prints %{url_effective} for these
    assert host_curl.effective("localhost:1") == "http://localhost:1/"
    assert host_curl.effective("localhost:1?x") == "http://localhost:1/?x"
    assert host_curl.effective("https://k8s.io/a") == "https://k8s.io/a"
