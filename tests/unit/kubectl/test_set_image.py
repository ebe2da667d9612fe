"""kubectl set image: texts recorded from kubectl v1.32 (stub API server) and spec §6.1/§6.6."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session


def _session() -> Session:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    s.run("kubectl run other --image nginx")
    s.wait(40)
    return s


def test_set_image_updates_and_restarts_container() -> None:
    s = _session()
    assert s.run("kubectl set image pod/myweb myweb=nginx:1.27").text == "pod/myweb image updated\n"
    s.wait(60)
    assert "1 (" in s.run("kubectl get pod myweb --no-headers").text
    described = s.run("kubectl describe pod myweb").text
    assert "Container myweb definition changed, will be restarted" in described
    assert 'Pulling image "nginx:1.27"' in described


def test_set_image_same_image_prints_nothing() -> None:
    s = _session()
    result = s.run("kubectl set image pods myweb myweb=httpd")
    assert (result.text, result.exit_code) == ("", 0)


def test_set_image_errors() -> None:
    s = _session()
    assert s.run("kubectl set image pod/myweb nope=nginx:1.27").text == (
        'error: unable to find container named "nope"\n')
    assert s.run("kubectl set image pod/myweb").text == (
        "error: at least one image update is required\n")
    assert s.run("kubectl set image myweb=x").text.startswith(
        "error: You must provide one or more resources by argument or filename.\n")
    assert s.run("kubectl set image pod/nope myweb=x").text == (
        'Error from server (NotFound): pods "nope" not found\n')


def test_set_image_all_reports_missing_containers_after_updates() -> None:
    s = _session()
    result = s.run("kubectl set image pods --all myweb=nginx:1.28")
    assert result.text == 'pod/myweb image updated\nerror: unable to find container named "myweb"\n'
    assert result.exit_code == 1


def test_set_image_dry_run_wildcard_and_name_output() -> None:
    s = _session()
    assert s.run("kubectl set image pods myweb myweb=nginx:1.27 --dry-run=client").text == (
        "pod/myweb image updated (dry run)\n")
    assert s.run("kubectl set image pod/myweb '*=nginx' -o name").text == "pod/myweb\n"
    assert s.run("kubectl set image pods -l run=zzz myweb=nginx").text == ""
