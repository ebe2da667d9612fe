"""``kubectl get --raw``: the API server's body for a path (get.go's RawOptions copies it to
stdout). Forms from the apiserver: healthz/livez/readyz write ``ok`` with no newline and, with
``?verbose``, ``[+]check ok`` lines and ``… check passed``; /version is WriteRawJSON's indented
JSON; an unserved path is ``404 page not found``, which client-go reports as NotFound's
generic message; get.go's Complete/Validate messages for --raw."""

from __future__ import annotations

import json

from tests.unit.kubectl._sandbox import Session


def test_health_endpoints_answer_ok_without_newline() -> None:
    s = Session()
    for path in ("/healthz", "/livez", "/readyz"):
        assert s.run(f"kubectl get --raw {path}").text == "ok"


def test_readyz_verbose_lists_checks_and_passes() -> None:
    text = Session().run("kubectl get --raw '/readyz?verbose'").text
    assert text.startswith("[+]ping ok\n[+]log ok\n[+]etcd ok\n")
    assert text.endswith("[+]shutdown ok\nreadyz check passed\n")


def test_version_is_indented_json() -> None:
    text = Session().run("kubectl get --raw /version").text
    assert text.startswith('{\n  "major": "1",\n  "minor": "32",\n')
    assert text.endswith("}")


def test_api_and_apis_discovery() -> None:
    s = Session()
    api = json.loads(s.run("kubectl get --raw /api").text)
    assert api["kind"] == "APIVersions" and api["versions"] == ["v1"]
    groups = json.loads(s.run("kubectl get --raw /apis").text)["groups"]
    names = [g["name"] for g in groups]
    assert names.index("apps") < names.index("batch")
    apps = groups[names.index("apps")]
    assert apps["preferredVersion"] == {"groupVersion": "apps/v1", "version": "v1"}


def test_pod_list_and_one_pod() -> None:
    s = Session()
    s.run("kubectl run web --image=nginx")
    listed = json.loads(s.run("kubectl get --raw /api/v1/namespaces/default/pods").text)
    assert listed["kind"] == "PodList" and listed["apiVersion"] == "v1"
    assert [p["metadata"]["name"] for p in listed["items"]] == ["web"]
    assert "kind" not in listed["items"][0]
    one = json.loads(s.run("kubectl get --raw /api/v1/namespaces/default/pods/web").text)
    assert (one["kind"], one["metadata"]["name"]) == ("Pod", "web")


def test_missing_object_and_unserved_path() -> None:
    s = Session()
    missing = s.run("kubectl get --raw /api/v1/namespaces/default/pods/nope")
    assert missing.exit_code == 1
    assert missing.text == 'Error from server (NotFound): pods "nope" not found\n'
    bad = s.run("kubectl get --raw /foo")
    assert bad.exit_code == 1
    assert bad.text == ("Error from server (NotFound): the server could not find the requested "
                        "resource\n")


def test_raw_flag_combinations_are_refused() -> None:
    s = Session()
    assert s.run("kubectl get pods --raw /healthz").text == (
        "error: arguments may not be passed when --raw is specified\n")
    assert s.run("kubectl get --raw /healthz -o yaml").text == (
        "error: --raw and --output are mutually exclusive\n")
    assert s.run("kubectl get --raw /healthz -w").text == (
        "error: --raw may not be specified with other flags that filter the server request or "
        "alter the output\n")


def test_raw_path_is_checked_as_go_parses_a_request_uri() -> None:
    # texts from the real kubectl 1.32 client, which checks the path before it dials
    s = Session()
    bad = s.run("kubectl get --raw /api/v1/%zz")
    assert bad.exit_code == 1
    assert bad.text == ('error: --raw must be a valid URL path: parse "/api/v1/%zz": invalid URL '
                        'escape "%zz"\n')
    assert s.run("kubectl get --raw api/v1").text == (
        'error: --raw must be a valid URL path: parse "api/v1": invalid URI for request\n')
    # "//[x" passes ParseRequestURI; client-go's url.Parse then reads "[x" as a host
    assert s.run("kubectl get --raw '//[x'").text == (
        "Unable to connect to the server: missing ']' in host\n")


def test_a_namespaced_object_is_served_only_under_its_namespace() -> None:
    s = Session()
    s.run("kubectl run web --image=nginx")
    result = s.run("kubectl get --raw /api/v1/pods/web")
    assert result.exit_code == 1
    assert result.text == ("Error from server (NotFound): the server could not find the "
                           "requested resource\n")
    escaped = json.loads(s.run("kubectl get --raw /api/v1/namespaces/default/pods/w%65b").text)
    assert escaped["metadata"]["name"] == "web"
    assert json.loads(s.run("kubectl get --raw /api/v1/pods").text)["kind"] == "PodList"
