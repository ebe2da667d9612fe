"""--dry-run=client never reaches the cluster; label/annotate --list and -o (kubectl-verified)."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session

MANIFEST = """cat <<EOF > p.yaml
apiVersion: v1
kind: Pod
metadata:
  name: p1
spec:
  containers:
  - name: c
    image: nginx
EOF"""


def _text(result) -> str:
    return "".join(chunk for _, chunk in result.chunks)


def test_apply_client_dry_run_of_a_new_object_creates_nothing() -> None:
    s = Session()
    s.run(MANIFEST)
    assert _text(s.run("kubectl apply -f p.yaml --dry-run=client")) == "pod/p1 created (dry run)\n"
    assert _text(s.run("kubectl apply -f p.yaml --dry-run=client -o name")) == "pod/p1\n"
    out = _text(s.run("kubectl apply -f p.yaml --dry-run=client -o jsonpath={.metadata.namespace}"))
    assert out == "default"
    assert _text(s.run("kubectl get pods -o name")) == ""


def test_create_client_dry_run_fills_in_the_namespace() -> None:
    s = Session()
    s.run(MANIFEST)
    out = s.run("kubectl create -f p.yaml --dry-run=client -o yaml -n other")
    assert "  name: p1\n  namespace: other\n" in _text(out)


def test_label_list_one_and_many() -> None:
    s = Session()
    s.run("kubectl run web --image nginx --labels app=web,tier=front")
    s.run("kubectl run api --image httpd --labels app=api")
    assert _text(s.run("kubectl label pod web --list")) == "app=web\ntier=front\n"
    assert _text(s.run("kubectl label pods --all --list")) == (
        "Listing labels for Pod./api:\n app=api\n"
        "Listing labels for Pod./web:\n app=web\n tier=front\n")
    r = s.run("kubectl label pod web --list -o name")
    assert (r.exit_code, _text(r)) == (
        1, "error: --list and --output may not be specified together\n")


def test_annotate_client_dry_run_prints_the_edited_object() -> None:
    s = Session()
    s.run("kubectl run web --image nginx")
    r = s.run("kubectl annotate pod web x=y --dry-run=client -o jsonpath={.metadata.annotations.x}")
    assert _text(r) == "y"
    assert _text(s.run("kubectl get pod web -o jsonpath={.metadata.annotations.x}")) == ""
