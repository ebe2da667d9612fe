"""kubectl patch: expected texts recorded from kubectl v1.32 against a stub API server (client-side
messages) and spec §6.1/§6.6 (server answers)."""

from __future__ import annotations

import pytest

from tests.unit.kubectl._sandbox import Session


@pytest.fixture
def session() -> Session:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    s.wait(40)
    return s


def test_patch_labels_then_no_change(session: Session) -> None:
    patch = """kubectl patch pod myweb -p '{"metadata":{"labels":{"a":"b"}}}'"""
    assert session.run(patch).text == "pod/myweb patched\n"
    assert session.run(patch).text == "pod/myweb patched (no change)\n"
    assert session.run("kubectl get pod myweb --show-labels --no-headers").text.split()[-1] == (
        "a=b,run=myweb")


def test_patch_yaml_and_merge_delete(session: Session) -> None:
    assert session.run("kubectl patch pod myweb --type merge -p 'metadata: {labels: {run: null}}'"
                       ).text == "pod/myweb patched\n"
    out = session.run("kubectl get pod myweb -o jsonpath='{.metadata.labels}'").text
    assert out == ""


def test_patch_image_by_container_name_restarts_it(session: Session) -> None:
    patch = """kubectl patch pod myweb -p '{"spec":{"containers":[{"name":"myweb","image":"nginx"}]}}'"""  # noqa: E501
    assert session.run(patch).exit_code == 0
    session.wait(60)
    events = session.run("kubectl describe pod myweb").text
    assert "Container myweb definition changed, will be restarted" in events


def test_patch_json_ops(session: Session) -> None:
    result = session.run("""kubectl patch pod myweb --type json -p '[{"op":"add","path":"/metadata/labels/tier","value":"web"}]'""")  # noqa: E501
    assert result.text == "pod/myweb patched\n"


def test_patch_forbidden_spec_change(session: Session) -> None:
    result = session.run("""kubectl patch pod myweb -p '{"spec":{"containers":[{"name":"myweb","ports":[{"containerPort":81}]}]}}'""")  # noqa: E501
    assert result.exit_code == 1
    assert result.text.startswith(
        'The Pod "myweb" is invalid: spec: Forbidden: pod updates may not change fields other '
        "than `spec.containers[*].image`,")


@pytest.mark.parametrize(("args", "message"), [
    ("-p '{bad' --dry-run=client", "error: invalid JSON document\n"),
    ("-p '[]' --dry-run=client", "error: invalid JSON document\n"),
    ("--type merge -p '{bad' --dry-run=client", "error: Invalid JSON Patch\n"),
    ("--type json -p '{bad' --dry-run=client",
     "error: invalid character 'b' looking for beginning of object key string\n"),
    ("""--type json -p '[{"op":"foo","path":"/a"}]' --dry-run=client""",
     "error: Unexpected kind: foo\n"),
    ("""--type json -p '[{"op":"remove","path":"/metadata/labels/zz"}]' --dry-run=client""",
     "error: error in remove for path: '/metadata/labels/zz': Unable to remove nonexistent key: "
     "zz: missing value\n"),
    ("""--type json -p '[{"op":"add","path":"/spec/containers/5/image","value":"x"}]' """
     "--dry-run=client",
     'error: add operation does not apply: doc is missing path: "/spec/containers/5/image": '
     "missing value\n"),
    ("--type bogus -p '{}'", 'error: --type must be one of [json merge strategic], not "bogus"\n'),
    ("", "error: must specify --patch or --patch-file containing the contents of the patch\n"),
    ("-p 'foo: ['", 'error: unable to parse "foo: [": yaml: line 1: did not find expected node '
     "content\n"),
])
def test_patch_errors_match_kubectl(session: Session, args: str, message: str) -> None:
    result = session.run(f"kubectl patch pod myweb {args}")
    assert (result.text, result.exit_code) == (message, 1)


def test_patch_names_and_not_found(session: Session) -> None:
    assert session.run("kubectl patch pod -p '{}'").text == (
        "error: resource(s) were provided, but no name was specified\n")
    assert session.run("""kubectl patch pod nope -p '{"metadata":{}}'""").text == (
        'Error from server (NotFound): pods "nope" not found\n')


def test_patch_client_dry_run_changes_nothing(session: Session) -> None:
    patch = """kubectl patch pod myweb -p '{"metadata":{"labels":{"a":"zz"}}}' --dry-run=client"""
    assert session.run(patch).text == "pod/myweb patched\n"
    # -o name prints nothing for an empty list (no "No resources found": kubectl printGeneric)
    assert session.run("kubectl get pods -o name -l a=zz").text == ""
    assert session.run("kubectl get pods -l a=zz").text == "No resources found in default namespace.\n"  # noqa: E501
    out = session.run("""kubectl patch pod myweb -p '{"spec":{"containers":[{"name":"myweb","image":"nginx"}]}}' --dry-run=client -o jsonpath='{.spec.containers[*].image}'""")  # noqa: E501
    assert out.text == "nginx"
