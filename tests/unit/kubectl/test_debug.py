"""kubectl debug: flag checks as the real kubectl v1.32 client prints them (each expected text
was recorded from `kubectl.1.32 debug ...` itself, which checks them before any request), the
API server's refusals of an ephemeral container (validateEphemeralContainers), and the
ephemeral container's life."""

from __future__ import annotations

import pytest

from tests.unit.kubectl._sandbox import Session

LEGACY = ('--profile=legacy is deprecated and will be removed in the future. It is recommended '
          'to explicitly specify a profile, for example "--profile=general".\n')
TARGETING = ('Targeting container "app". If you don\'t see processes from this container it may '
             "be because the container runtime doesn't support this feature.\n")


@pytest.mark.parametrize(("args", "message"), [
    ("mypod", "error: you must specify --image when not using --copy-to.\n"),
    ("--image=busybox", "error: NAME or filename is required for debug\n"),
    ("mypod -t --image=busybox", "error: -i/--stdin is required for containers with "
                                 "-t/--tty=true\n"),
    ("mypod --copy-to=x", "error: you must specify --image, --set-image or command arguments.\n"),
    ("mypod --copy-to=x -- sh", "error: you must specify an existing container or a new image "
                                "when specifying args.\n"),
    ("mypod --replace --image=b", "error: --replace may only be used with --copy-to.\n"),
    ("mypod --same-node --image=b", "error: --same-node may only be used with --copy-to.\n"),
    ("mypod --set-image=a=b", "error: --set-image may only be used with --copy-to.\n"),
    ("mypod --copy-to=x --target=a --image=b",
     "error: --target is incompatible with --copy-to. Use --share-processes instead.\n"),
    ("mypod --image=Bad:", 'error: invalid image name "Bad:": invalid reference format\n'),
    ("mypod --image=b --image-pull-policy=x", "error: invalid image pull policy: x\n"),
    ("mypod --image=b --profile=foo", "error: unknown profile: foo\n"),
    ("mypod --attach", "error: you must specify --container or create a new container using "
                       "--image in order to attach.\n"),
    ("mypod --image=b --copy-to=x --set-image=a=B:",
     'error: invalid image name "B:" for container "a": invalid reference format\n'),
])
def test_flag_checks(args: str, message: str) -> None:
    result = Session().run(f"kubectl debug {args}")
    assert (result.text, result.exit_code) == (message, 1)


def _running_pod(s: Session, restart: str = "Never") -> None:
    s.run(f"kubectl run app --image=nginx --restart={restart}")
    s.wait(30)


def test_pod_not_found_after_the_notices() -> None:
    result = Session().run("kubectl debug nope --image=busybox:1.28 --target=app")
    missing = 'Error from server (NotFound): pods "nope" not found\n'
    assert result.text == TARGETING + LEGACY + missing
    assert result.exit_code == 1


def test_node_not_found() -> None:
    result = Session().run("kubectl debug node/nope --image=busybox:1.28 --profile=general")
    assert result.text == 'Error from server (NotFound): nodes "nope" not found\n'


def test_unknown_target_is_refused_by_the_api_server() -> None:
    s = Session()
    _running_pod(s)
    result = s.run("kubectl debug app --image=busybox:1.28 --target=nope -q --profile=general")
    assert result.text == ('The Pod "app" is invalid: spec.ephemeralContainers[0]'
                           '.targetContainerName: Not found: "nope"\n')
    assert result.exit_code == 1
    assert "ephemeralContainers" not in s.sandbox.execute(
        "kubectl get pod app -o yaml").text


def test_a_name_of_a_regular_container_is_a_duplicate() -> None:
    s = Session()
    _running_pod(s)
    result = s.run("kubectl debug app --image=busybox:1.28 -c app --profile=general")
    assert result.text == ('The Pod "app" is invalid: spec.ephemeralContainers[0].name: '
                           'Duplicate value: "app"\n')


def test_without_attach_it_creates_and_returns() -> None:
    s = Session()
    _running_pod(s)
    result = s.run("kubectl debug app --image=busybox:1.28 -c dbg --profile=general")
    assert (result.text, result.exit_code) == ("", 0)
    s.wait(10)
    pod = s.run("kubectl get pod app -o jsonpath={.status.ephemeralContainerStatuses[0].state}")
    # busybox's sh without a stdin exits at once, and an ephemeral container never restarts
    assert '"terminated"' in pod.text and '"reason":"Completed"' in pod.text
    assert s.run("kubectl get pod app").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]
    again = s.run("kubectl debug app --image=busybox:1.28 -c dbg --profile=general")
    assert again.text.startswith('The Pod "app" is invalid: spec.ephemeralContainers[dbg]: '
                                 'Forbidden: existing ephemeral containers "dbg" may not be '
                                 "changed")


def test_sysadmin_profile_makes_it_privileged() -> None:
    s = Session()
    _running_pod(s)
    s.run("kubectl debug app --image=busybox:1.28 -q --profile=sysadmin")
    shown = s.run("kubectl get pod app -o jsonpath={.spec.ephemeralContainers[0].securityContext}")
    assert shown.text == '{"privileged":true}'


def test_exit_ends_the_ephemeral_container_and_says_so_for_a_restarting_pod() -> None:
    s = Session()
    _running_pod(s, restart="Always")
    start = s.run("kubectl debug -it app --image=busybox:1.28 --target=app -c dbg "
                  "--profile=general")
    assert start.text == TARGETING + "If you don't see a command prompt, try pressing enter.\n"
    ps = s.run("ps")
    # PID 1 is the target's process, as the target container's own ps shows it
    assert ps.text.splitlines()[1].split(None, 3) == [
        "1", "root", "0:00", "nginx: master process nginx -g daemon off;"]
    bye = s.run("exit")
    assert bye.text == ("Session ended, the ephemeral container will not be restarted but may be "
                        "reattached using 'kubectl attach app -c dbg -i -t' if it is still "
                        "running\n")
    s.wait(5)
    state = s.run("kubectl get pod app -o jsonpath={.status.ephemeralContainerStatuses[0].state}")
    assert '"terminated"' in state.text
