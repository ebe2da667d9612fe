"""``kubectl … -f URL``: cli-runtime's URL visitor over the playground's outside web. Texts from
kubectl v1.32: ``unable to read URL "…", server reported 404 Not Found, status code=404``
(visitor.go's readHttpWithRetries), and for a name that does not resolve the Go client's
error as cmdutil prints a ``*url.Error`` (checked with the real kubectl 1.32 binary against an
unresolvable host: ``Unable to connect to the server: dial tcp: lookup … no such host``)."""

from __future__ import annotations

import pytest

from playground.sim import outside_web
from playground.sim.kubectl import url_source
from playground.sim.kubectl.errors import KubectlError
from tests.unit.kubectl._sandbox import Session

_SIMPLE = "https://k8s.io/examples/pods/simple-pod.yaml"


def test_read_follows_k8s_io_to_the_bundled_file() -> None:
    assert url_source.read(_SIMPLE) == outside_web.example("pods/simple-pod.yaml")
    assert "name: nginx" in url_source.read(_SIMPLE)


def test_read_unknown_path_is_the_visitors_404_naming_the_url_as_typed() -> None:
    with pytest.raises(KubectlError) as caught:
        url_source.read("https://k8s.io/examples/pods/nope.yaml")
    assert caught.value.render() == (
        'error: unable to read URL "https://k8s.io/examples/pods/nope.yaml", server reported '
        "404 Not Found, status code=404\n")


def test_read_unknown_host_is_unable_to_connect_without_error_prefix() -> None:
    with pytest.raises(KubectlError) as caught:
        url_source.read("https://example.invalid/pod.yaml")
    assert caught.value.render() == ("Unable to connect to the server: dial tcp: lookup "
                                     "example.invalid on 127.0.0.53:53: no such host\n")


def test_example_refuses_paths_outside_the_bundle() -> None:
    assert outside_web.example("../outside_web.py") is None
    assert outside_web.example("README.md") is None
    assert outside_web.example("/etc/passwd") is None


def test_apply_create_get_delete_of_a_url_name_the_url() -> None:
    s = Session()
    assert s.run(f"kubectl apply -f {_SIMPLE}").text == "pod/nginx created\n"
    again = s.run(f"kubectl create -f {_SIMPLE}")
    assert again.exit_code == 1
    assert again.text == ('Error from server (AlreadyExists): error when creating '
                          f'"{_SIMPLE}": pods "nginx" already exists\n')
    assert s.run(f"kubectl get -f {_SIMPLE} -o name").text == "pod/nginx\n"
    assert s.run(f"kubectl delete -f {_SIMPLE}").text == 'pod "nginx" deleted\n'


def test_apply_of_an_unknown_host_fails_with_exit_1() -> None:
    result = Session().run("kubectl apply -f https://example.invalid/pod.yaml")
    assert result.exit_code == 1
    assert result.text.startswith("Unable to connect to the server: dial tcp: lookup ")


# Each text as the real kubectl 1.32 client prints it (`kubectl create --dry-run=client -f URL`,
# which needs no cluster for these): Go's url.Parse faults, then the HTTP client's refusals.
_BAD_URLS = [
    ("https://[::1", 'error: the URL passed to filename "https://[::1" is not valid: parse '
     '"https://[::1": missing \']\' in host\n'),
    ("https://k8s.io:abc/x", 'error: the URL passed to filename "https://k8s.io:abc/x" is not '
     'valid: parse "https://k8s.io:abc/x": invalid port ":abc" after host\n'),
    ("http://%zz/", 'error: the URL passed to filename "http://%zz/" is not valid: parse '
     '"http://%zz/": invalid URL escape "%zz"\n'),
    ("https://a b/", 'error: the URL passed to filename "https://a b/" is not valid: parse '
     '"https://a b/": invalid character " " in host name\n'),
    ("https://k8s.io/%zz", 'error: the URL passed to filename "https://k8s.io/%zz" is not '
     'valid: parse "https://k8s.io/%zz": invalid URL escape "%zz"\n'),
    ("https://", "Unable to connect to the server: http: no Host in request URL\n"),
    ("https://k8s.io:99999/examples/pods/simple-pod.yaml",
     "Unable to connect to the server: dial tcp: address 99999: invalid port\n"),
    ("http://[::1]/x", "The connection to the server [::1] was refused - did you specify the "
     "right host or port?\n"),
    ("https://127.0.0.1:9/x", "The connection to the server 127.0.0.1:9 was refused - did you "
     "specify the right host or port?\n"),
]


@pytest.mark.parametrize(("url", "text"), _BAD_URLS)
def test_read_bad_url_is_the_real_clients_error(url: str, text: str) -> None:
    with pytest.raises(KubectlError) as caught:
        url_source.read(url)
    assert caught.value.render() == text


@pytest.mark.parametrize("verb", ["apply", "create", "replace", "delete", "edit"])
def test_every_f_verb_reports_a_bad_url_without_creating_anything(verb: str) -> None:
    s = Session()
    for url, text in _BAD_URLS:
        result = s.run(f"kubectl {verb} -f '{url}'")
        assert result.exit_code == 1
        assert result.text == text
    assert s.run("kubectl get pods").text == "No resources found in default namespace.\n"
