"""ConfigMaps and Secrets: kubectl create's client-side errors (texts recorded from the real
kubectl 1.32 with --dry-run=client, which needs no server), the API server's decoding and
validation errors, and the kubelet's errors for missing objects and keys."""

from __future__ import annotations

import pytest

from playground.sim.admission import gobase64
from tests.unit.kubectl._sandbox import Session

_KEY_RULE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
             "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
             "'[-._a-zA-Z0-9]+')")
_ENV_RULE = ("a valid environment variable name must consist of alphabetic characters, digits, "
             "'_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
             "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
             "'[-._a-zA-Z][-._a-zA-Z0-9]*')")


@pytest.mark.parametrize(("line", "error"), [
    ("kubectl create configmap x --from-literal=a=1 --from-literal='b c=2'",
     f'error: "b c" is not a valid key name for a ConfigMap: {_KEY_RULE}'),
    ("kubectl create configmap x --from-literal=a=1 --from-literal=a=2",
     'error: cannot add key "a", another key by that name already exists in Data for '
     'ConfigMap "x"'),
    ("kubectl create secret generic s --from-literal=a=1 --from-literal=a=2",
     "error: cannot add key a, another key by that name already exists"),
    ("kubectl create secret generic s --from-literal=..a=1",
     "error: \"..a\" is not valid key name for a Secret must not start with '..'"),
    ("kubectl create configmap x --from-file=nope",
     "error: error reading nope: no such file or directory"),
    ("kubectl create configmap x --from-file=k=d", "error: cannot give a key name for a "
     "directory path"),
    ("kubectl create configmap x --from-env-file=d", "error: env config file cannot be a "
     "directory"),
    ("kubectl create secret generic x --from-env-file=d",
     "error: env secret file cannot be a directory"),
    ("kubectl create configmap x --from-env-file=e", f'error: "1bad" is not a valid key name: '
     f"{_ENV_RULE}"),
    ("kubectl create configmap x --from-literal=noeq",
     "error: invalid literal source noeq, expected key=value"),
    ("kubectl create configmap x --from-file==d/f1",
     "error: key name for file path d/f1 missing"),
    ("kubectl create configmap x --from-file=a=b=c",
     "error: key names or file paths cannot contain '='"),
    ("kubectl create configmap x --from-env-file=e --from-literal=a=b",
     "error: from-env-file cannot be combined with from-file or from-literal"),
    ("kubectl create configmap x y", "error: exactly one NAME is required, got 2\n"
     "See 'kubectl create configmap -h' for help and examples"),
])
def test_create_refuses_as_kubectl_does(line: str, error: str) -> None:
    s = Session()
    s.run("mkdir -p d/sub; printf 'a\\n' > d/f1; printf '1bad=3\\n' > e")
    result = s.run(line + " --dry-run=client")
    assert (result.text, result.exit_code) == (error + "\n", 1)
    assert "x" not in s.run("kubectl get configmaps -o name").text.split("/")


def test_a_directory_packages_its_regular_files() -> None:
    s = Session()
    s.run("mkdir -p d/sub; printf 'a\\n' > d/f1")
    assert s.run("kubectl create cm x --from-file=d --dry-run=client -o yaml").text == (
        "apiVersion: v1\ndata:\n  f1: |\n    a\nkind: ConfigMap\nmetadata:\n"
        "  creationTimestamp: null\n  name: x\n")


@pytest.mark.parametrize(("text", "offset"), [
    ("my-app", 2), ("admin", 4), ("abc", 0), ("YQ=", 3), ("YQ==x", 4), ("Y===", 1),
])
def test_go_base64_names_the_byte_it_stopped_at(text: str, offset: int) -> None:
    with pytest.raises(gobase64.CorruptInput) as exc:
        gobase64.decode(text)
    assert exc.value.offset == offset


def test_go_base64_decodes_across_newlines() -> None:
    assert gobase64.decode("YWJj\nZGVm") == b"abcdef"


def _apply(s: Session, manifest: str) -> tuple[str, int | None]:
    s.sandbox.write_file("m.yaml", manifest)
    result = s.run("kubectl apply -f m.yaml")
    return result.text, result.exit_code


def test_bad_base64_in_a_secret_is_a_bad_request() -> None:
    s = Session()
    text, code = _apply(s, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
                           "data:\n  username: admin\n")
    assert (text, code) == ('Error from server (BadRequest): error when creating "m.yaml": '
                            'Secret in version "v1" cannot be handled as a Secret: illegal '
                            "base64 data at input byte 4\n", 1)


def test_a_number_in_configmap_data_is_a_bad_request() -> None:
    s = Session()
    text, _ = _apply(s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
                        "data:\n  lives: 3\n")
    assert 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot ' \
           "unmarshal number into Go struct field ConfigMap.data of type string" in text


def test_an_invalid_key_is_refused_by_validation() -> None:
    s = Session()
    text, code = _apply(s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
                           "data:\n  'a b': x\n")
    assert code == 1
    assert text.startswith('The ConfigMap "c" is invalid: data[a b]: Invalid value: "a b": ')


def test_string_data_is_merged_into_data_and_type_defaults_to_opaque() -> None:
    s = Session()
    _apply(s, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
              "data:\n  a: eA==\nstringData:\n  a: 'y'\n  b: z\n")  # a bare y is a bool
    out = s.run("kubectl get secret s -o jsonpath='{.data} {.type} {.stringData}'").text
    assert out == '{"a":"eQ==","b":"eg=="} Opaque '


def _pod(env: str, extra: str = "") -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n"
            "  containers:\n  - name: c\n    image: registry.k8s.io/busybox\n"
            f"    command: ['sh', '-c', 'env']\n{env}{extra}")


_KEY_REF = ("    env:\n    - name: V\n      valueFrom:\n        configMapKeyRef:\n"
            "          name: cm\n          key: k\n")


def test_a_missing_key_blocks_the_container() -> None:
    s = Session()
    s.run("kubectl create configmap cm --from-literal=other=1")
    s.sandbox.write_file("p.yaml", _pod(_KEY_REF))
    s.run("kubectl create -f p.yaml")
    s.wait(20)
    status = s.run("kubectl get pod p -o jsonpath='{.status.containerStatuses[0].state}'").text
    assert status == ('{"waiting":{"message":"couldn\'t find key k in ConfigMap default/cm",'
                      '"reason":"CreateContainerConfigError"}}')
    events = s.run("kubectl get events -o jsonpath='{.items[*].message}'").text
    assert "Error: couldn't find key k in ConfigMap default/cm" in events


def test_an_optional_key_is_left_out() -> None:
    s = Session()
    s.sandbox.write_file("p.yaml", _pod(_KEY_REF.replace("key: k\n", "key: k\n"
                                                          "          optional: true\n")))
    s.run("kubectl create -f p.yaml")
    s.wait(20)
    assert s.run("kubectl get pod p -o jsonpath='{.status.phase}'").text == "Succeeded"
    assert "V=" not in s.run("kubectl logs p").text


def test_env_from_with_a_prefix() -> None:
    s = Session()
    s.run("kubectl create secret generic sec --from-literal=user=me")
    s.sandbox.write_file("p.yaml", _pod("    envFrom:\n    - prefix: DB_\n      secretRef:\n"
                                        "        name: sec\n"))
    s.run("kubectl create -f p.yaml")
    s.wait(20)
    assert "DB_user=me" in s.run("kubectl logs p").text.splitlines()


def test_a_missing_item_key_fails_the_mount() -> None:
    s = Session()
    s.run("kubectl create configmap cm --from-literal=a=1")
    volume = ("    volumeMounts:\n    - name: v\n      mountPath: /etc/v\n  volumes:\n"
              "  - name: v\n    configMap:\n      name: cm\n      items:\n      - key: b\n"
              "        path: b\n")
    s.sandbox.write_file("p.yaml", _pod("", volume))
    s.run("kubectl create -f p.yaml")
    s.wait(5)
    assert "ContainerCreating" in s.run("kubectl get pod p").text
    events = s.run("kubectl get events -o jsonpath='{.items[*].message}'").text
    assert ('MountVolume.SetUp failed for volume "v" : configmap references non-existent '
            "config key: b") in events


def test_a_mounted_configmap_changes_after_the_kubelet_syncs_but_env_does_not() -> None:
    s = Session()
    s.run("kubectl create configmap cm --from-literal=k=one")
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
           "    image: registry.k8s.io/busybox\n    command: ['sleep', '3600']\n"
           + _KEY_REF + "    volumeMounts:\n    - name: v\n      mountPath: /etc/v\n"
           "  volumes:\n  - name: v\n    configMap:\n      name: cm\n")
    s.sandbox.write_file("p.yaml", pod)
    s.run("kubectl create -f p.yaml")
    s.wait(10)
    s.sandbox.write_file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
                                    "data:\n  k: two\n")
    s.run("kubectl apply -f cm.yaml")
    assert s.run("kubectl exec p -- cat /etc/v/k").text == "one"
    s.wait(60)
    assert s.run("kubectl exec p -- cat /etc/v/k").text == "two"
    assert s.run("kubectl exec p -- printenv V").text == "one\n"


def test_kube_root_ca_is_in_every_namespace_and_comes_back_when_deleted() -> None:
    s = Session()
    s.run("kubectl create namespace lab")
    names = s.run("kubectl get configmaps -A -o name").text.splitlines()
    assert names.count("configmap/kube-root-ca.crt") == 5
    assert s.run("kubectl delete configmap kube-root-ca.crt -n lab").exit_code == 0
    assert s.run("kubectl get configmap kube-root-ca.crt -n lab -o name").text == (
        "configmap/kube-root-ca.crt\n")


def test_kustomize_generators_are_named_as_kubectl_1_32_names_them() -> None:
    # names from the real `kubectl.1.32 kustomize` of the same kustomization.yaml
    s = Session()
    s.run("mkdir e")
    s.sandbox.write_file("e/kustomization.yaml", (
        "configMapGenerator:\n- name: a\n  literals:\n  - k=\"quoted\"\n  - j=plain\n"
        "secretGenerator:\n- name: s\n  literals:\n  - p=w\n"))
    assert s.run("kubectl apply -k e").text == (
        "configmap/a-4fbgbbm2mt created\nsecret/s-m7cg948gg9 created\n")
    assert s.run("kubectl get cm a-4fbgbbm2mt -o jsonpath='{.data}'").text == (
        '{"j":"plain","k":"quoted"}')


def test_kustomize_refuses_what_it_cannot_build() -> None:
    s = Session()
    s.run("mkdir e")
    s.sandbox.write_file("e/kustomization.yaml", "resources:\n- pod.yaml\n")
    result = s.run("kubectl apply -k e")
    assert result.exit_code == 1
    assert "resources cannot be built here" in result.text


def test_docker_registry_secret_is_the_real_clients() -> None:
    # the data recorded from the real kubectl.1.32 with the same flags (--dry-run=client)
    s = Session()
    out = s.run("kubectl create secret docker-registry regcred --docker-server=my.reg.io "
                "--docker-username=bob --docker-password='p<&>w' --docker-email=b@x.io "
                "--dry-run=client -o jsonpath='{.data.\\.dockerconfigjson} {.type}'").text
    assert out == ("eyJhdXRocyI6eyJteS5yZWcuaW8iOnsidXNlcm5hbWUiOiJib2IiLCJwYXNzd29yZCI6InBcdT"
                   "AwM2NcdTAwMjZcdTAwM2V3IiwiZW1haWwiOiJiQHguaW8iLCJhdXRoIjoiWW05aU9uQThKajUzIn19"
                   "fQ== kubernetes.io/dockerconfigjson")
    result = s.run("kubectl create secret docker-registry r --dry-run=client")
    assert (result.text, result.exit_code) == (
        "error: either --from-file or the combination of --docker-username, --docker-password "
        "and --docker-server is required\n", 1)


@pytest.mark.parametrize(("kustomization", "error"), [
    # texts of the real `kubectl.1.32 kustomize`
    ("configMapGenerator: 3\n", "json: cannot unmarshal number into Go struct field "
     "Kustomization.configMapGenerator of type []types.ConfigMapArgs"),
    ("configMapGenerator:\n- files: x\n", "json: cannot unmarshal string into Go struct field "
     "ConfigMapArgs.configMapGenerator.files of type []string"),
    ("configMapGenerator:\n- name: a\n  options:\n    labels: 3\n", "json: cannot unmarshal "
     "number into Go struct field GeneratorOptions.configMapGenerator.options.labels of type "
     "map[string]string"),
])
def test_kustomize_type_errors_are_kustomizes(kustomization: str, error: str) -> None:
    s = Session()
    s.run("mkdir k")
    s.sandbox.write_file("k/kustomization.yaml", kustomization)
    result = s.run("kubectl apply -k k")
    assert (result.text, result.exit_code) == (f"error: invalid Kustomization: {error}\n", 1)
