"""Hypothesis strategies: Pod manifests drawn from the v1.32 OpenAPI schema, kubectl command lines
drawn from the verbs' own flag tables.

Manifests start from a Pod the API server would accept and then get schema fields of every
kind, with values a learner could type (quantities with bad suffixes, negative ports, names with
capitals, empty strings) and, now and then, a value of the wrong type, so that both the strict
decoder and the validation run. Command lines mix the verb's real flags with values and words
from the same pools, so the flag parser, Complete/Validate and Run of every verb are reached.
"""

from __future__ import annotations

import shlex
from typing import Any

from hypothesis import strategies as st

from playground.sim.admission import schema
from playground.sim.kubectl.commands import COMMANDS
from playground.sim.kubectl.flags import GLOBAL_FLAGS, Flag

OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
MAX_DEPTH = 4  # deeper schema objects are left out: the interesting checks sit above this

WORDS = ["", "web", "x", "c", "nginx", "busybox", "default", "kube-system", "-", "--", "=",
         "Web", "a.b", "a_b", "-x", "x-", "web-0", "1", "0", "-1", "65536", "true", "false",
         "Always", "Never", "IfNotPresent", "OnFailure", "TCP", "http", "$(FOO)", "$$", "FOO=",
         "FOO=bar", "=bar", "{}", "[]", "null", "{.metadata.name}", "{{.metadata.name}}",
         "pod/web", "pods", "po", "ns", "nodes", "svc", "deploy", "all", "app=web", "app!=web",
         "100m", "-100m", "1Gi", "1Gb", "0.5", "1e3", "Ki", "sh", "echo hi", "ünï", "\t", " ",
         # -o values: every printer, with templates that parse and ones that do not
         "yaml", "json", "wide", "name", "go-template={{.metadata.name}}",
         "go-template={{range .items}}{{.metadata.name}}{{end}}", "go-template={{.x}",
         "go-template={{index .spec.containers 9}}", "template={{len .}}",
         "go-template-file=t.tmpl", "jsonpath={.items[0].metadata.name}", "jsonpath={.x",
         "custom-columns=N:.metadata.name", "custom-columns=bad", "-f", "pod.yaml"]
QUANTITIES = ["100m", "1", "0", "-1", "-100m", "0.5", "1Gi", "1Gb", "64Mi", "1e3", "1E-3",
              "1.5.5", "Mi", "", "+1", "1k", "1K", "1x", "9999999999999999999Ei", ".5", "5."]
PORTS = [0, 1, 80, -1, 65535, 65536, 2**31, "http", "80", "HTTP", "web-port", "a--b", "9to5",
         "-web", "123456789012345", ""]


# Values a manifest from the documentation would hold, by field name: most examples should be
# pods the server accepts, so the lifecycle, printers and describers see them too.
PLAUSIBLE: dict[str, list[Any]] = {
    "restartPolicy": ["Always", "OnFailure", "Never"],
    "imagePullPolicy": ["Always", "IfNotPresent", "Never"],
    "dnsPolicy": ["ClusterFirst", "Default", "None"],
    "protocol": ["TCP", "UDP"],
    "name": ["web", "data", "http", "side"],
    "image": ["nginx", "busybox", "busybox:1.28", "alpine"],
    "command": [["sh", "-c", "echo hello; sleep 3600"], ["sh", "-c", "exit 1"], ["true"]],
    "args": [["-c", "echo $(FOO)"], ["sleep", "5"]],
    "path": ["/", "/healthz", "/data"],
    "mountPath": ["/data", "/usr/share/nginx/html"],
    "value": ["bar", "", "$(FOO)"],
    "key": ["app", "example.com/key"],
    "operator": ["Exists", "Equal"],
    "effect": ["NoSchedule", "NoExecute"],
    "fieldPath": ["metadata.name", "status.podIP", "spec.nodeName"],
    "resource": ["limits.cpu", "requests.memory"],
    "medium": ["", "Memory"],
    "sizeLimit": ["1Gi", "64Mi"],
    "runAsUser": [0, 1000], "runAsGroup": [0, 3000], "fsGroup": [2000],
    "terminationGracePeriodSeconds": [0, 1, 30],
    "activeDeadlineSeconds": [5, 60],
    "hostname": ["web-host"],
    "nodeName": ["node01", "controlplane", "nope"],
}


def _plausible(name: str, fallback: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    pool = PLAUSIBLE.get(name)
    if pool is None:
        return fallback

    @st.composite
    def draw(data: st.DrawFn) -> Any:
        # four times in five the documentation's value, else anything of the field's kind
        return data(st.sampled_from(pool) if data(st.integers(0, 4)) else fallback)

    return draw()


def _text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.text(max_size=8))


def _wrong_type() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.just([]), st.just({}),
                     st.sampled_from(WORDS), st.floats(allow_nan=False, allow_infinity=False))


def _scalar(kind: str, name: str) -> st.SearchStrategy[Any]:
    return _plausible(name, _any_scalar(kind, name))


def _any_scalar(kind: str, name: str) -> st.SearchStrategy[Any]:
    lowered = name.lower()
    if "port" in lowered and kind in ("integer", "any"):
        return st.sampled_from([p for p in PORTS if kind == "any" or isinstance(p, int)])
    if kind == "any":  # Quantity, IntOrString
        return st.one_of(st.sampled_from(QUANTITIES), st.integers(-2, 2**40),
                         st.sampled_from(PORTS))
    if kind == "integer":
        return st.one_of(st.integers(-5, 5), st.sampled_from([-(2**31), 2**31, 2**63]))
    if kind == "number":
        return st.floats(-10, 10, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    return _text()


def _from_schema(node: dict[str, Any], name: str, depth: int) -> st.SearchStrategy[Any]:
    kind = schema.type_kind(node)
    target = schema.resolve(node)
    if kind == "object" and depth < MAX_DEPTH:
        return _object(target, depth + 1)
    if kind == "array" and depth < MAX_DEPTH:
        items = target.get("items") or {}
        return st.lists(st.deferred(lambda: _from_schema(items, name, depth + 1)), max_size=2)
    if kind == "map":
        values = target.get("additionalProperties") or {}
        return st.dictionaries(_text(), _from_schema(values, name, depth + 1), max_size=2)
    if kind in ("object", "array"):
        return st.just({} if kind == "object" else [])
    return _scalar(kind, name)


def _object(target: dict[str, Any], depth: int, skip: tuple[str, ...] = ()
            ) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = {k: v for k, v in (target.get("properties") or {}).items()
                             if k not in skip}

    @st.composite
    def draw(data: st.DrawFn) -> dict[str, Any]:
        chosen = data(st.lists(st.sampled_from(sorted(props)), max_size=3, unique=True)
                      if props else st.just([]))
        out: dict[str, Any] = {}
        for key in chosen:
            wrong = data(st.integers(0, 49)) == 0  # one field in fifty has the wrong type
            out[key] = data(_wrong_type() if wrong else _from_schema(props[key], key, depth))
        return out

    return draw()


def _schema(name: str) -> dict[str, Any]:
    return schema.schemas()[f"io.k8s.api.core.v1.{name}"]


@st.composite
def containers(draw: st.DrawFn, base: str, clean: bool = False) -> dict[str, Any]:
    images = ["nginx", "busybox", "busybox:1.28", "alpine"]
    container: dict[str, Any] = {
        "name": base if clean else draw(st.sampled_from([base] * 8 + ["Bad_Name", ""])),
        "image": draw(st.sampled_from(images if clean else [*images, "no/such:image", ""])),
    }
    container.update(draw(_object(_schema("Container"), 1, skip=("name", "image"))))
    return container


@st.composite
def pod_manifests(draw: st.DrawFn) -> dict[str, Any]:
    """A Pod manifest near the valid ones: a base pod plus random schema fields. Half of them
    are clean (valid names, labels and containers) so that many reach the cluster."""
    clean = draw(st.booleans())
    meta: dict[str, Any] = {}
    naming = "name" if clean else draw(st.sampled_from(
        ["name"] * 6 + ["generateName", "both", "none"]))
    if naming in ("name", "both"):
        meta["name"] = "web" if clean else draw(st.sampled_from(
            ["web"] * 6 + ["x", "Web", "a" * 64, "web-1"]))
    if naming in ("generateName", "both"):
        meta["generateName"] = draw(st.sampled_from(["web-", "Web-", "x", "a" * 70 + "-"]))
    if not clean and draw(st.integers(0, 2)) == 0:  # any metadata field (kubectl decodes it)
        meta.update(draw(_object(schema.schemas()[OBJECT_META], 2)))
    elif clean:
        meta["labels"] = {"app": "web"}
    elif draw(st.booleans()):
        meta["labels"] = draw(st.dictionaries(st.sampled_from(["app", "tier", "a/b", "Bad Key"]),
                                              st.sampled_from(["web", "", "x" * 64, "ok"]),
                                              max_size=2))
    spec: dict[str, Any] = {
        "containers": [draw(containers(base, clean)) for base in ["c", "c2"][:draw(
            st.sampled_from([1, 2] if clean else [1] * 9 + [2] * 3 + [0]))]]}
    if draw(st.integers(0, 3)) == 0:
        spec["initContainers"] = [draw(containers(base, clean)) for base in
                                  ["init", "c"][:draw(st.sampled_from([1, 1, 2]))]]
    spec.update(draw(_object(_schema("PodSpec"), 1, skip=("containers", "initContainers"))))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


# -- command lines ---------------------------------------------------------------------------
def _flag_token(flag: Flag) -> st.SearchStrategy[list[str]]:
    long = f"--{flag.name}"
    values = st.one_of(st.sampled_from(WORDS), st.text(max_size=6))
    forms: list[st.SearchStrategy[list[str]]] = [
        st.just([long]),
        values.map(lambda v: [f"{long}={v}"]),
        values.map(lambda v: [long, v]),
    ]
    if flag.short:
        forms.append(values.map(lambda v: [f"-{flag.short}", v]))
        forms.append(values.map(lambda v: [f"-{flag.short}{v}"]))
    return st.one_of(forms)


VERBS = sorted(COMMANDS)
SUBCOMMANDS = ["namespace", "ns", "deployment", "image", "current-context", "view",
               "set-context", "use-context", "get-contexts", "pod", "pods"]


@st.composite
def kubectl_lines(draw: st.DrawFn, verbs: list[str] | None = None) -> str:
    """One `kubectl VERB ...` line, shell-quoted (VERB one of ``verbs``, if given)."""
    verb = draw(st.sampled_from(verbs or [*VERBS, "bogus", ""]))
    module = COMMANDS.get(verb)
    flags: list[Flag] = list(getattr(module, "FLAGS", []) or []) + list(GLOBAL_FLAGS[:3])
    parts: list[str] = [verb] if verb else []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 3))
        if choice == 0 and flags:
            parts += draw(_flag_token(draw(st.sampled_from(flags))))
        elif choice == 1:
            parts.append(draw(st.sampled_from(SUBCOMMANDS)))
        else:
            parts.append(draw(st.one_of(st.sampled_from(WORDS), st.text(max_size=6))))
    if draw(st.integers(0, 4)) == 0:
        parts += ["--", *draw(st.lists(st.sampled_from(["sh", "-c", "echo hi", "ls", "date",
                                                        "exit 3", "true"]), max_size=3))]
    return "kubectl " + " ".join(shlex.quote(p) for p in parts)
