"""kubectl debug: flag checks as the real kubectl v1.32 client prints them (each expected text
was recorded from `kubectl.1.32 debug ...` itself, which checks them before any request), the
API server's refusals of an ephemeral container (validateEphemeralContainers), and the
ephemeral container's life."""

from __future__ import annotations

import json
from typing import Any

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


def _json(s: Session, line: str) -> dict[str, Any]:
    result = s.run(line)
    assert result.exit_code == 0, result.text
    parsed: dict[str, Any] = json.loads(result.text)
    return parsed


def test_legacy_copy_drops_the_labels_keeps_annotations_and_probes() -> None:
    """profiles.go: the legacy profile's pod copy only drops the labels (KeepFlags ignored)."""
    s = Session()
    s.sandbox.write_file("p.yaml", _PROBED)
    s.run("kubectl create -f p.yaml")
    s.wait(30)
    s.run("kubectl debug web --copy-to=web-copy --image=busybox:1.28 -c dbg --keep-labels")
    s.wait(1)
    copy = _json(s, "kubectl get pod web-copy -o json")
    assert "labels" not in copy["metadata"]
    assert copy["metadata"]["annotations"] == {"note": "kept"}
    web = next(c for c in copy["spec"]["containers"] if c["name"] == "web")
    assert "readinessProbe" in web
    assert "shareProcessNamespace" not in copy["spec"]
    assert "nodeName" in copy["spec"]  # the scheduler placed it anew (no --same-node)
    assert [c["name"] for c in copy["spec"]["containers"]] == ["web", "dbg"]


def test_general_copy_keeps_only_what_keep_flags_say_and_shares_processes() -> None:
    s = Session()
    s.sandbox.write_file("p.yaml", _PROBED)
    s.run("kubectl create -f p.yaml")
    s.wait(30)
    s.run("kubectl debug web --copy-to=web-copy --image=busybox:1.28 -c dbg --profile=general "
          "--keep-labels")
    copy = _json(s, "kubectl get pod web-copy -o json")
    assert copy["metadata"]["labels"] == {"app": "web"}
    assert "annotations" not in copy["metadata"]
    web, dbg = copy["spec"]["containers"]
    assert "readinessProbe" not in web
    assert dbg["securityContext"] == {"capabilities": {"add": ["SYS_PTRACE"]}}
    assert copy["spec"]["shareProcessNamespace"] is True


def test_set_image_only_copy_and_replace() -> None:
    s = Session()
    _running_pod(s)
    result = s.run("kubectl debug app --copy-to=app2 --set-image=*=busybox:1.28 --replace -q "
                   "--profile=general")
    assert (result.text, result.exit_code) == ("", 0)
    copy = _json(s, "kubectl get pod app2 -o json")
    assert [c["image"] for c in copy["spec"]["containers"]] == ["busybox:1.28"]
    gone = s.run("kubectl get pod app").text
    assert gone == 'Error from server (NotFound): pods "app" not found\n'


def test_share_processes_false_is_kept_and_same_node() -> None:
    s = Session()
    _running_pod(s)
    node = _json(s, "kubectl get pod app -o json")["spec"]["nodeName"]
    s.run("kubectl debug app --copy-to=app2 --image=busybox:1.28 -c dbg --share-processes=false "
          "--same-node --profile=general")
    s.wait(1)
    copy = _json(s, "kubectl get pod app2 -o json")
    assert copy["spec"]["shareProcessNamespace"] is False
    assert copy["spec"]["nodeName"] == node


def test_copy_with_a_new_command_for_an_existing_container() -> None:
    s = Session()
    _running_pod(s)
    s.run("kubectl debug app --copy-to=app2 -c app --profile=general -- sleep 1d")
    app = _json(s, "kubectl get pod app2 -o json")["spec"]["containers"][0]
    assert (app["command"], app.get("args"), app["image"]) == (["sleep", "1d"], None, "nginx")


def test_node_pod_of_each_profile() -> None:
    """generateNodeDebugPod and the profiles: legacy/general/sysadmin mount the node's root at
    /host, baseline and restricted use no host namespaces."""
    s = Session()
    s.run("kubectl debug node/node2 --image=busybox:1.28 -q")
    s.run("kubectl debug node/node2 --image=busybox:1.28 -q --profile=baseline")
    pods = _json(s, "kubectl get pods -o json")["items"]
    by_host = {bool(p["spec"].get("hostPID")): p for p in pods}
    legacy, baseline = by_host[True], by_host[False]
    assert legacy["metadata"]["name"].startswith("node-debugger-node2-")
    assert "labels" not in legacy["metadata"]
    spec = legacy["spec"]
    assert (spec["hostNetwork"], spec["hostIPC"], spec["restartPolicy"]) == (True, True, "Never")
    assert spec["tolerations"] == [{"operator": "Exists"}]
    assert {"mountPath": "/host", "name": "host-root"} in spec["containers"][0]["volumeMounts"]
    assert {"hostPath": {"path": "/"}, "name": "host-root"} in spec["volumes"]
    assert "hostNetwork" not in baseline["spec"]
    assert not any(v["name"] == "host-root" for v in baseline["spec"]["volumes"])


def test_custom_profile_refusals() -> None:
    s = Session()
    s.sandbox.write_file("c.json", '{"image": "busybox"}')
    result = s.run("kubectl debug app --image=busybox:1.28 --profile=general --custom=c.json")
    assert result.text == ("error: name, command, image, lifecycle and volume devices are not "
                           "modifiable via custom profile\n")
    missing = s.run("kubectl debug app --image=busybox:1.28 --profile=general --custom=nope.yaml")
    assert missing.text == ("error: must pass a container spec json file for custom profile: "
                            "open nope.yaml: no such file or directory\n")


_PROBED = """apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
  annotations:
    note: kept
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe:
      httpGet:
        port: 80
"""


def test_custom_profile_parse_errors_and_map_flags() -> None:
    """Texts recorded from kubectl.1.32 with the same files and flags."""
    s = Session()
    s.sandbox.write_file("bad.yaml", "env: [\n")
    s.sandbox.write_file("list.yaml", "- a\n")
    assert s.run("kubectl debug x --image=b --custom=bad.yaml").text == (
        "error: bad.yaml does not contain a valid container spec: error converting YAML to "
        "JSON: yaml: line 1: did not find expected node content\n")
    assert s.run("kubectl debug x --image=b --custom=list.yaml").text == (
        "error: list.yaml does not contain a valid container spec: error unmarshaling JSON: "
        "while decoding JSON: json: cannot unmarshal array into Go value of type v1.Container\n")
    for flag in ("env", "set-image"):
        assert s.run(f"kubectl debug x --{flag}=foo").text == (
            f'error: invalid argument "foo" for "--{flag}" flag: foo must be formatted as '
            "key=value\nSee 'kubectl debug --help' for usage.\n")


def test_a_finished_pod_starts_no_ephemeral_container_and_stops_a_running_one() -> None:
    s = Session()
    s.run("kubectl run done --image=busybox:1.28 --restart=Never -- sleep 5")
    s.wait(30)
    s.run("kubectl debug done --image=busybox:1.28 -c late --profile=general -- sleep 1d")
    s.wait(10)
    shown = s.run("kubectl get pod done -o jsonpath={.status.ephemeralContainerStatuses}")
    assert shown.text == ""
    s.run("kubectl run short --image=busybox:1.28 --restart=Never -- sleep 20")
    s.wait(10)
    s.run("kubectl debug short --image=busybox:1.28 -c early --profile=general -- sleep 1d")
    s.wait(90)  # the pod ends; the kubelet stops the ephemeral one (sleep ignores SIGTERM)
    state = s.run("kubectl get pod short -o jsonpath={.status.ephemeralContainerStatuses[0]"
                  ".state.terminated.exitCode}")
    assert state.text == "137"


def test_why_names_the_ephemeral_container_and_its_own_rule() -> None:
    s = Session()
    _running_pod(s, restart="Always")
    s.run("kubectl debug app --image=busybox:1.28 -c dbg --profile=general")
    s.wait(10)
    text = s.run("why pod/app").text
    chain = text[text.index("ephemeral container dbg (kubectl debug; never restarted):"):]
    # busybox's sh without a stdin exits 0 at once; the pod's restartPolicy is not its own
    assert "exited with code 0 (Completed)" in chain
    assert "restartPolicy" not in chain


def test_arguments_only_and_env_and_pull_policy_reach_the_ephemeral_container() -> None:
    s = Session()
    _running_pod(s)
    s.run("kubectl debug app --image=busybox:1.28 -c args --profile=general --arguments-only "
          "--env=B=2,A=1 --image-pull-policy=Never -- echo hi")
    spec = _json(s, "kubectl get pod app -o json")["spec"]["ephemeralContainers"][0]
    assert (spec["args"], spec.get("command")) == (["echo", "hi"], None)
    assert spec["env"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
    assert spec["imagePullPolicy"] == "Never"
    assert (spec["terminationMessagePolicy"], spec["terminationMessagePath"]) == (
        "File", "/dev/termination-log")
    assert "volumeMounts" not in spec  # no service account token in an ephemeral container


def test_api_server_checks_an_ephemeral_container_as_a_container() -> None:
    """validateEphemeralContainers: validateContainerCommon, then the fields its allow list
    refuses (in EphemeralContainerCommon's field order)."""
    s = Session()
    _running_pod(s)
    s.sandbox.write_file("ports.json", '{"ports": [{"containerPort": 80}], '
                                       '"livenessProbe": {"exec": {"command": ["true"]}}}')
    env = s.run("kubectl debug app --env== --image=busybox:1.28 --profile=general -q")
    assert env.text == ('The Pod "app" is invalid: spec.ephemeralContainers[0].env[0].name: '
                        "Required value\n")
    fields = s.run("kubectl debug app --image=busybox:1.28 --profile=general -q "
                   "--custom=ports.json")
    assert fields.text == (
        'The Pod "app" is invalid: \n'
        "* spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral "
        "Container\n"
        "* spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for an Ephemeral "
        "Container\n")


def test_a_second_debug_container_finds_the_image_on_the_node() -> None:
    s = Session()
    _running_pod(s)
    s.run("kubectl debug app --image=busybox:1.28 -c d1 --profile=general -q -- sleep 1d")
    s.wait(10)
    s.run("kubectl debug app --image=busybox:1.28 -c d2 --profile=general -q -- sleep 1d")
    s.wait(10)
    text = s.run("kubectl describe pod app").text
    assert text.count('Pulling image "busybox:1.28"') == 1
    assert 'Container image "busybox:1.28" already present on machine' in text
