"""Image catalogue: normalization, pull outcomes with registry texts, image behaviour."""

from __future__ import annotations

from playground.sim.images import lookup, normalize, pull_outcome


def test_normalize_short_names_get_docker_library_and_latest() -> None:
    assert normalize("httpd") == "docker.io/library/httpd:latest"
    assert normalize("ubuntu:focal") == "docker.io/library/ubuntu:focal"
    assert normalize("luksa/kubia") == "docker.io/luksa/kubia:latest"
    kuard = "gcr.io/kuar-demo/kuard-amd64:blue"
    assert normalize(kuard) == kuard


def test_lookup_httpd_has_spec_image_id_and_size() -> None:
    image = lookup("httpd")
    assert image is not None
    assert image.image_id == ("docker.io/library/httpd@sha256:"
                              "2d1f8839d6127e400ac5f65481d8a0f17ac46a3b91de40b01e649c9a0324dea0")
    assert image.size == 58123456
    assert image.ports == (80,)
    assert image.respond("/") == (200, "<html><body><h1>It works!</h1></body></html>\n")


def test_lookup_kuard_has_ash_not_bash_and_probe_paths() -> None:
    image = lookup("gcr.io/kuar-demo/kuard-amd64:blue")
    assert image is not None
    assert image.has_binary("ash") and not image.has_binary("bash")
    assert image.shell == "ash"
    assert image.process_user().name == "nobody"  # its Dockerfile's USER: the "~ $" prompt
    assert image.respond("/healthy")[0] == 200 and image.respond("/ready")[0] == 200
    assert image.image_id.endswith(
        "1ecc9fb2c871302fdb57a25e0c076311b7b352b0a9246d442940ca8fb4efe229")


def test_lookup_missing_tag_returns_none() -> None:
    assert lookup("nginx:1.99-nope") is None
    assert lookup("nginx:1.27") is not None


def test_pull_outcome_missing_tag_is_not_found() -> None:
    assert pull_outcome("nginx:1.99-nope").error == (
        'rpc error: code = NotFound desc = failed to pull and unpack image '
        '"docker.io/library/nginx:1.99-nope": failed to resolve reference '
        '"docker.io/library/nginx:1.99-nope": docker.io/library/nginx:1.99-nope: not found')


def test_pull_outcome_unknown_repository_is_access_denied() -> None:
    error = pull_outcome("nosuchimage").error or ""
    assert error.endswith("pull access denied, repository does not exist or may require "
                          "authorization: server message: insufficient_scope: authorization "
                          "failed")


def test_pull_outcome_unresolvable_host_is_no_such_host() -> None:
    error = pull_outcome("my.io/myapp:v1").error or ""
    assert 'failed to resolve reference "my.io/myapp:v1"' in error
    assert error.endswith("dial tcp: lookup my.io on 127.0.0.53:53: no such host")
