"""Private-registry pieces: the kubelet's image-name parse errors, ValidateSecret's
.dockerconfigjson check and the FailedToRetrieveImagePullSecret series. Expected texts are the
kubelet's and Go encoding/json's (image_manager.go, kubelet_pods.go, validation.go)."""

from __future__ import annotations

from playground.sim.admission.dockerconfig import json_error
from playground.sim.images import reference_error
from playground.sim.lifecycle import pull_secrets


def test_reference_errors_as_the_kubelet_words_them() -> None:
    assert reference_error("<your-private-image>") == "invalid reference format"
    assert reference_error("busyBOX") == (
        "invalid reference format: repository name (library/busyBOX) must be lowercase")
    assert reference_error("registry.hub.docker.com/library//nginx:latest") == (
        "invalid reference format")
    for good in ("nginx", "your.private.registry.example.com/janedoe/jdoe-private:v1",
                 "localhost:5000/a/b@sha256:" + "a" * 64, "registry.k8s.io/busybox:1.27.2"):
        assert reference_error(good) is None


def test_dockerconfigjson_must_be_a_json_object() -> None:
    assert json_error(b"Really really") == (
        "invalid character 'R' looking for beginning of value")
    assert json_error(b"") == "unexpected end of JSON input"
    assert json_error(b'{"auths":') == "unexpected end of JSON input"
    assert json_error(b"[]") == (
        "json: cannot unmarshal array into Go value of type map[string]interface {}")
    assert json_error(b'{"auths":{}}') is None


def _pod(history: list[list[object]]) -> dict[str, object]:
    return {"spec": {"imagePullSecrets": [{"name": "regcred"}, {"name": ""}]},
            "_sim": {"sources": {"secret/regcred": history}}}


def test_warning_counts_each_sync_while_the_secret_is_missing() -> None:
    pulls = [{"time": 11.0, "first": 1.0, "count": 2, "reason": "Pulling",
              "component": "kubelet"}]
    found, following = pull_secrets.warnings(_pod([[0.0, None]]), 0.3, pulls, 30.0, None)
    assert [(o["count"], o["first"], o["time"]) for o in found] == [(3, 0.3, 11.0)]
    assert found[0]["message"] == ("Unable to retrieve some image pull secrets (regcred); "
                                   "attempting to pull the image may not succeed.")
    assert following == 71.0  # the next periodic resync


def test_no_warning_once_the_secret_exists() -> None:
    found, following = pull_secrets.warnings(
        _pod([[0.0, None], [5.0, {"data": {}}]]), 0.3, [], 200.0, None)
    assert [o["count"] for o in found] == [1]
    assert following is None
