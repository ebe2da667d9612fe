"""Differential test: kubectl's command line itself (flags, help, mistyped verbs) against the real
kubectl v1.32. Every case here is answered before kubectl contacts a server, so the upstream
binary runs with no cluster at all and its stdout, stderr and exit code are the expected ones.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_printers import _kubectl_binary, stub_api_server

CASES = [
    # the root command: flag errors, help, and what cobra takes for the verb
    "--bogus", "--bogus=1", "-x", "-n", "--namespace", "--namespace=", "-n foo", "-v",
    "--request-timeout", "--password", "-h", "--help", "-h --bogus", "--bogus -h", "--",
    "-- foo", "--bogus foo", "--bogus help", "-h get", "--bogus version --client",
    "--bogus=3 version --client", "--insecure-skip-tls-verify version --client",
    "--insecure-skip-tls-verify get --bogus",
    # a flag before a word that is no command: kubectl's plugin lookup answers
    "--bogus get pods", "-n foo bar", "-h get pods", "--help get pods", "--namespace foo bar",
    "--namespace=foo bar", "-nfoo bar", "--bogus foo bar", "--v=3 bogus", "-v 3 bogus",
    "--warnings-as-errors foo bar", "-s x foo", "--bogus=3 foo", "--bogus -- foo bar",
    # mistyped verbs: cobra's suggestions in its order, SuggestFor words included
    "foo --bogus", "bogus -n", "gt", "Gt", "GET", "de", "c", "lo", "ex", "ap", "a", "e", "s",
    "p", "r", "o", "ver", "conf", "al", "opt", "hel", "alph", "list", "ps", "rm", "del", "ls",
    "log", "cat", "sh", "port",
    # flags are parsed before -h is honoured
    "get --bogus", "get -h --bogus", "get --bogus -h", "get -h -n", "run -h --image",
    "get pods -h", "top -h", "cp -h",
    # the help command
    "help", "help get", "help get pods", "help set image", "help set bogus", "help create ns",
    "help config view", "help bogus", "help bogus x", "help -h", "help --bogus",
    # subcommands a verb runs itself: their own help page and flag hint
    "create namespace -h", "create ns --bogus", "config view -h", "config use -h",
    "config use --bogus", "config get-contexts -h", "set image --bogus", "config use-context",
    "config use-context a b", "config use-context nope", "config view -o foo",
    "config view -o wide",
    # global flags every command accepts
    "version --client --username=x --as-group a --as-group b --tls-server-name y --vmodule=x=2",
    "-v abc", "version --client -v abc", "version --client -v 3", "version --client --profile=foo",
    "version --client --profile=none",
    # kubectl top: the parent's usage, its subcommands' aliases, and every check made before
    # the Metrics API is asked for (Complete, Validate, the selectors' parse)
    "top", "top bogus", "top pod --bogus", "top pods --bogus", "top no --bogus", "top po a b",
    "top node a b", "top node --sort-by=x", "top node -l a=b n1", "top pod -l a=b n1",
    "top pod --field-selector=x=1 n1", "top pod -l 'a b'", "top node -l 'a b' --sort-by=cpu",
    "top pod --field-selector=foo", "top pod --field-selector=foo -l 'a b'",
    "top node n1 -l a=b --sort-by=x", "top pod a b --sort-by=x", "top pod --containers=maybe",
    "top nodes --containers", "top pod -h", "top no -h", "top nodes --help",
    # kubectl cp: Validate, the file specs' parse and the local source's check come before any
    # request (cp.go's Run)
    "cp", "cp a", "cp a b", "cp a b c", "cp :x y", "cp a/b/c:x y", "cp a:x b:y", "cp a: y",
    "cp x a:", "cp --retries=x a b", "cp --bogus", "cp nope.txt web:/tmp", "cp -c",
    "cp --no-preserve=maybe a b", "cp --help", "cp ns/pod:/x ns2/pod:/y",
]


def _real(binary: str, home: Path, line: str) -> tuple[str, str, int]:
    proc = subprocess.run(
        [binary, *shlex.split(line)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(home), "KUBECONFIG": str(home / "none"), "PATH": "/usr/bin"},
    )
    return proc.stdout, proc.stderr, proc.returncode


def _simulated(line: str, base: int = sandbox_state.BASE_VERSION) -> tuple[str, str, int | None]:
    doc = sandbox_state.Document(seed="oracle-cli", created=TRANSCRIPT_EPOCH,
                                 cluster=sandbox_state.ClusterDelta(), base=base)
    sandbox = Sandbox(sandbox_state.materialise(doc, {}), FixedClock())
    result = sandbox.execute(f"kubectl {line}")
    out = "".join(text for kind, text in result.chunks if kind == "out")
    err = "".join(text for kind, text in result.chunks if kind == "err")
    return out, err, result.exit_code


@pytest.mark.parametrize("line", CASES)
def test_command_line_answers_as_kubectl(line: str, tmp_path: Path) -> None:
    assert _simulated(line) == _real(_kubectl_binary(), tmp_path, line)


# Lines that reach the server: the oracle's stub API server serves no metrics.k8s.io group, like
# a sandbox of base cluster 1 (before metrics-server was installed), so the real client's
# discovery check answers. (With metrics-server: test_oracle_top.py.)
SERVER_CASES = [
    "top pod", "top pods -A", "top pod web -n kube-system", "top node", "top node node1",
    "top no --show-capacity", "top pod --use-protocol-buffers=false",
    "top pod --field-selector=bogus=1", "top pod -A --containers --no-headers --sort-by=memory",
]


@pytest.fixture(scope="module")
def stub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    fixdir = tmp_path_factory.mktemp("top-fixtures")
    (fixdir / "empty.json").write_text('{"pods": [], "events": []}')
    with stub_api_server(fixdir) as port:
        yield port


@pytest.mark.parametrize("line", SERVER_CASES)
def test_top_answers_as_kubectl_on_a_cluster_without_metrics_server(
    line: str, stub_server: int, tmp_path: Path
) -> None:
    assert _simulated(line, base=1) == _real(
        _kubectl_binary(), tmp_path, f"--server=http://127.0.0.1:{stub_server} {line}")
