"""kubectl get --sort-by: relaxed paths, and a path no listed object has (kubectl sorter.go)."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session


def _text(result) -> str:
    return "".join(chunk for _, chunk in result.chunks)


def _two_pods() -> Session:
    s = Session()
    s.run("kubectl run web --image nginx")
    s.run("kubectl run api --image httpd")
    return s


def test_sort_by_accepts_a_path_without_leading_dot() -> None:
    s = _two_pods()
    for path in ("metadata.name", ".metadata.name", "{.metadata.name}", "{metadata.name}"):
        r = s.run(f"kubectl get pods --sort-by={path} -o name")
        assert (_text(r), r.exit_code) == ("pod/api\npod/web\n", 0), path


def test_sort_by_a_field_no_object_has_fails_for_list_output() -> None:
    r = _two_pods().run("kubectl get pods --sort-by=.spec.nope -o name")
    assert r.exit_code == 1
    assert _text(r) == ('error: couldn\'t find any field with path "{.spec.nope}" '
                        "in the list of objects\n")


def test_empty_list_output_prints_the_list_without_no_resources_found() -> None:
    s = Session()
    cases = {
        "-o name": "",
        "-o jsonpath={.items}": "[]",
        "-o custom-columns=N:.metadata.name": "N\n",
        "-o yaml": 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
        "-o json --ignore-not-found": "",
    }
    for flags, text in cases.items():
        r = s.run(f"kubectl get pods {flags}")
        assert ([k for k, _ in r.chunks], _text(r), r.exit_code) == (
            ["out"] if text else [], text, 0), flags
    r = s.run("kubectl get pods -o wide")
    assert r.chunks == [("err", "No resources found in default namespace.\n")]
    assert s.run("kubectl get pods --ignore-not-found").chunks == []


def test_show_kind_and_repeated_types() -> None:
    s = _two_pods()
    lines = _text(s.run("kubectl get pods --show-kind")).splitlines()
    assert [line.split()[0] for line in lines] == ["NAME", "pod/api", "pod/web"]
    # SplitResourceArgument drops a repeated type: one table, no kind prefix
    lines = _text(s.run("kubectl get pod,pod web")).splitlines()
    assert [line.split()[0] for line in lines] == ["NAME", "web"]
