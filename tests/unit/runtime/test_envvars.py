"""The container's environment in containerd's order (PATH, HOSTNAME, image ENV, the kubelet's
variables, HOME last); the nginx image's ENV from nginxinc/docker-nginx mainline/debian's
Dockerfile for 1.27.3."""

from __future__ import annotations

from typing import Any

from playground.sim.runtime.envvars import environment


def _record(image: str, env: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "c", "image": image, "env": env or []}
    return {"metadata": {"name": "web", "namespace": "default"},
            "spec": {"containers": [container]}, "_sim": {}}


def test_image_env_comes_after_hostname_and_home_last() -> None:
    record = _record("nginx")
    env = environment(record, record["spec"]["containers"][0])
    names = list(env)
    assert names[:7] == ["PATH", "HOSTNAME", "NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE",
                         "PKG_RELEASE", "DYNPKG_RELEASE"]
    assert env["NGINX_VERSION"] == "1.27.3" and names[-1] == "HOME"


def test_a_declared_variable_takes_the_image_variables_place() -> None:
    record = _record("nginx", [{"name": "NJS_VERSION", "value": "mine"}])
    env = environment(record, record["spec"]["containers"][0])
    assert list(env).index("NJS_VERSION") == 3 and env["NJS_VERSION"] == "mine"


def test_an_image_without_env_and_another_tag_family_have_only_the_runtimes() -> None:
    for image in ("busybox:1.28", "nginx:1.14.2"):
        record = _record(image)
        env = environment(record, record["spec"]["containers"][0])
        assert list(env)[:2] == ["PATH", "HOSTNAME"] and "NGINX_VERSION" not in env
