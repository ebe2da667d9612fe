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
         "100m", "-100m", "1Gi", "1Gb", "0.5", "1e3", "Ki", "sh", "echo hi", "ünï", "\t", " "]
QUANTITIES = ["100m", "1", "0", "-1", "-100m", "0.5", "1Gi", "1Gb", "64Mi", "1e3", "1E-3",
              "1.5.5", "Mi", "", "+1", "1k", "1K", "1x", "9999999999999999999Ei", ".5", "5."]
PORTS = [0, 1, 80, -1, 65535, 65536, 2**31, "http", "80", "HTTP", "web-port", "a--b", "9to5",
         "-web", "123456789012345", ""]


def _text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.text(max_size=8))


def _wrong_type() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.just([]), st.just({}),
                     st.sampled_from(WORDS), st.floats(allow_nan=False, allow_infinity=False))


def _scalar(kind: str, name: str) -> st.SearchStrategy[Any]:
    lowered = name.lower()
    if "port" in lowered:
        return st.sampled_from(PORTS)
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


def _object(target: dict[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = target.get("properties") or {}

    @st.composite
    def draw(data: st.DrawFn) -> dict[str, Any]:
        chosen = data(st.lists(st.sampled_from(sorted(props)), max_size=3, unique=True)) \
            if props else []
        out: dict[str, Any] = {}
        for key in chosen:
            wrong = data(st.integers(0, 19)) == 0  # one field in twenty has the wrong type
            out[key] = data(_wrong_type() if wrong else _from_schema(props[key], key, depth))
        return out

    return draw()


def _schema(name: str) -> dict[str, Any]:
    return schema.schemas()[f"io.k8s.api.core.v1.{name}"]


@st.composite
def containers(draw: st.DrawFn, base: str) -> dict[str, Any]:
    container: dict[str, Any] = {"name": draw(st.sampled_from([base, base, "Bad_Name", ""])),
                                 "image": draw(st.sampled_from(["nginx", "busybox", "nginx",
                                                                "no/such:image", ""]))}
    container.update(draw(_object(_schema("Container"), 1)))
    return container


@st.composite
def pod_manifests(draw: st.DrawFn) -> dict[str, Any]:
    """A Pod manifest near the valid ones: a base pod plus random schema fields."""
    meta: dict[str, Any] = {}
    naming = draw(st.sampled_from(["name", "name", "generateName", "both", "none"]))
    if naming in ("name", "both"):
        meta["name"] = draw(st.sampled_from(["web", "web", "x", "Web", "a" * 64, "web-1"]))
    if naming in ("generateName", "both"):
        meta["generateName"] = draw(st.sampled_from(["web-", "Web-", "x", "a" * 70 + "-"]))
    meta.update(draw(_object(schema.schemas()[OBJECT_META], 2)))
    spec: dict[str, Any] = {"containers": draw(st.lists(containers("c"), max_size=2))}
    if draw(st.booleans()):
        spec["initContainers"] = draw(st.lists(containers("init"), min_size=1, max_size=2))
    spec.update(draw(_object(_schema("PodSpec"), 1)))
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
def kubectl_lines(draw: st.DrawFn) -> str:
    """One `kubectl VERB ...` line, shell-quoted."""
    verb = draw(st.sampled_from([*VERBS, "bogus", ""]))
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
