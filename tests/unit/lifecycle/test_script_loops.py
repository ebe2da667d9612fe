"""Loops of a container's ``sh -c`` script (PID 1): for, while, until, $(…), assignments.

Output texts are what dash prints for the same scripts (checked with dash 0.5.12 on the build
host); the times follow from the scripts' sleeps.
"""

from __future__ import annotations

from playground.sim.images import lookup
from playground.sim.lifecycle.process import FOREVER
from playground.sim.lifecycle.script import run_script

NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


def _busybox():  # noqa: ANN202
    image = lookup("busybox:1.36")
    assert image is not None
    return image


def test_for_loop_logs_each_round_after_its_sleep_then_exits() -> None:
    proc = run_script(_busybox(), "for i in 1 2 3; do echo round $i; sleep 1; done", "sh")
    assert [(round(t, 2), text) for t, text in proc.lines] == [
        (0.05, "round 1"), (1.05, "round 2"), (2.05, "round 3")]
    assert proc.exit_code == 0 and proc.exit_after < FOREVER and proc.loop is None


def test_while_true_repeats_every_sleep() -> None:
    proc = run_script(_busybox(), "while true; do echo hello; sleep 10; done", "sh")
    assert proc.loop == (0.05, 10.0, ((0.0, "hello"),))
    assert proc.exit_after == FOREVER


def test_until_a_false_condition_repeats_its_body() -> None:
    proc = run_script(_busybox(), "until [ -f /tmp/ready ]; do echo waiting; sleep 2; done",
                      "sh")
    assert proc.loop is not None and proc.loop[1:] == (2.0, ((0.0, "waiting"),))


def test_loop_whose_condition_fails_is_skipped_and_the_rest_runs() -> None:
    # dash -c 'while false; do echo no; done; echo after'  → after
    proc = run_script(_busybox(), "while false; do echo no; done; echo after", "sh")
    assert [text for _t, text in proc.lines] == ["after"] and proc.exit_code == 0
    # dash -c 'until true; do echo no; done; echo after'  → after
    proc = run_script(_busybox(), "until true; do echo no; done; echo after", "sh")
    assert [text for _t, text in proc.lines] == ["after"]


def test_command_substitution_reads_the_kubelets_namespace_file() -> None:
    script = f'echo "ns=$(cat {NAMESPACE_FILE})" host.$(cat {NAMESPACE_FILE}).svc'
    proc = run_script(_busybox(), script, "sh", files={NAMESPACE_FILE: "default"})
    assert [text for _t, text in proc.lines] == ["ns=default host.default.svc"]


def test_single_quotes_keep_a_substitution_literal_and_assignments_are_local() -> None:
    # dash -c "n=3; echo '\$(x)' \$n; printenv n"  → $(x) 3   (printenv finds no n: status 1)
    proc = run_script(_busybox(), "n=3; echo '$(x)' $n; printenv n", "sh")
    assert [text for _t, text in proc.lines] == ["$(x) 3"] and proc.exit_code == 1


def test_nested_for_in_a_while_loop_body() -> None:
    proc = run_script(_busybox(), "while true; do for x in a b; do echo $x; done; sleep 5; done",
                      "sh")
    assert proc.loop == (0.05, 5.0, ((0.0, "a"), (0.0, "b")))


def test_set_x_traces_each_command_before_it_runs() -> None:
    # busybox ash quotes a word with a space (maybe_single_quote); `set +x` is itself traced
    proc = run_script(_busybox(), "set -x; echo 'a b'; test -f /nope && echo y; set +x; echo z",
                      "sh")
    assert [text for _t, text in proc.lines] == [
        "+ echo 'a b'", "a b", "+ test -f /nope", "+ set +x", "z"]
    assert proc.exit_code == 0


def test_set_e_ends_the_script_at_a_failure_outside_conditions_and_lists() -> None:
    # as dash 0.5.12 runs it: the if condition and `false || true` do not end it
    proc = run_script(_busybox(), "set -e; if false; then :; fi; false || true; echo on; "
                      "true && false; echo no", "sh")
    assert [text for _t, text in proc.lines] == ["on"]
    assert proc.exit_code == 1 and proc.reason == "Error"


def test_printf_formats_escapes_and_reuses_its_format() -> None:
    # the same script under dash 0.5.12: "a=x b=7", "1-2-3-", "100%"
    proc = run_script(_busybox(), "printf 'a=%s b=%d\\n' x 7; printf '%s-' 1 2 3; printf '\\n'; "
                      "printf '100%%\\n'", "sh")
    assert [text for _t, text in proc.lines] == ["a=x b=7", "1-2-3-", "100%"]


def _old_busybox():  # noqa: ANN202
    image = lookup("busybox:1.28")
    assert image is not None
    return image


# The Init Containers page's first init container: ask DNS for the Service every 2 s.
_ASKED = "myservice.$(cat " + NAMESPACE_FILE + ").svc.cluster.local"
WAIT_FOR = f"until nslookup {_ASKED}; do echo waiting for myservice; sleep 2; done"
KUBE_DNS = {"at": 0.0, "name": "kube-dns.kube-system.svc.cluster.local", "ip": "10.96.0.10"}
SERVER = ["Server:    10.96.0.10",
          "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local", ""]
MISSING = ["nslookup: can't resolve 'myservice.default.svc.cluster.local'", *SERVER]


def _wait_for(history: list[dict[str, object]], start: float = 0.0):  # noqa: ANN202
    return run_script(_old_busybox(), WAIT_FOR, "sh", files={NAMESPACE_FILE: "default"},
                      dns={"history": history, "start": start, "namespace": "default"})


def test_an_init_container_waiting_for_a_service_loops_while_dns_has_no_name() -> None:
    proc = _wait_for([KUBE_DNS])
    # busybox 1.28's nslookup: the error (stderr) first, its stdout when it exits
    assert [text for _t, text in proc.lines] == MISSING  # the first look, then each round:
    assert proc.loop is not None and proc.loop[1] == 2.0
    assert [text for _t, text in proc.loop[2]] == ["waiting for myservice", *MISSING]
    assert proc.exit_after == FOREVER


def test_the_loop_ends_at_the_first_round_after_the_service_appears() -> None:
    service = {"at": 105.0, "name": "myservice.default.svc.cluster.local", "ip": "10.96.7.7"}
    proc = _wait_for([KUBE_DNS, service], start=100.0)  # the run began at 100, the name at 105
    texts = [text for _t, text in proc.lines]
    assert texts.count("waiting for myservice") == 3  # rounds at +0, +2, +4; +6 finds it
    assert texts[-2:] == ["Name:      myservice.default.svc.cluster.local",
                          "Address 1: 10.96.7.7 myservice.default.svc.cluster.local"]
    assert proc.loop is None and proc.exit_code == 0 and 6.0 <= proc.exit_after < 6.1


def test_a_service_gone_again_before_the_run_is_not_found() -> None:
    service = {"at": 1.0, "name": "myservice.default.svc.cluster.local", "ip": "10.96.7.7"}
    gone = dict(service, at=2.0, ip=None)
    proc = _wait_for([KUBE_DNS, service, gone], start=50.0)
    assert proc.loop is not None and proc.exit_after == FOREVER
