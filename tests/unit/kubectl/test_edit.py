"""kubectl edit: no interactive editor; kubectl's own editor failure line, then where to edit."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session


def test_edit_points_to_the_editor_pane() -> None:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    result = s.run("kubectl edit pod myweb")
    assert result.exit_code == 1
    lines = result.text.splitlines()
    assert lines[0] == 'error: there was a problem with the editor "vi"'
    assert "  kubectl get pod myweb -o yaml > myweb.yaml" in lines
    assert lines[-1] == "  kubectl apply -f myweb.yaml"


def test_edit_missing_pod_is_not_found() -> None:
    result = Session().run("kubectl edit pod nope")
    assert (result.text, result.exit_code) == (
        'Error from server (NotFound): pods "nope" not found\n', 1)
