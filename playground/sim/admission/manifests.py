"""Decode `-f` manifests the way kubectl does: YAML or JSON, `---` documents, `kind: List`."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import yaml

from playground.sim.admission import strict

MAX_BYTES = 1 << 20  # learners paste manifests, not datasets
KNOWN_KINDS: frozenset[tuple[str, str]] = frozenset({
    ("v1", "Pod"), ("v1", "Namespace"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"),
    # controllers: known to the cluster, served read-only (writes get the playground's answer)
    ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("apps/v1", "DaemonSet"),
    ("apps/v1", "StatefulSet"), ("batch/v1", "Job"), ("batch/v1", "CronJob"),
})


# The API server reads at most this much of a request body (apiserver's MaxRequestBodyBytes).
MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024


class ManifestError(Exception):
    """kubectl's message for an undecodable manifest; ``prefix`` is what kubectl prints first."""

    def __init__(self, message: str, prefix: str = "error: ") -> None:
        super().__init__(message)
        self.message = message
        self.prefix = prefix


class Manifest(dict[str, Any]):
    """A decoded document; `duplicates` lists repeated keys for strict decoding (§6.5)."""

    duplicates: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates = []


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings (as YAML→JSON conversion does)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[str] = []
        self.anchor_names: dict[int, str] = {}  # id(node) -> anchor, of the last document

    def compose_document(self) -> yaml.Node | None:
        # As PyYAML's, but the anchors of the document are kept for _AliasBudget's messages.
        self.get_event()  # DOCUMENT-START
        node = self.compose_node(None, None)  # type: ignore[arg-type]
        self.get_event()  # DOCUMENT-END
        self.anchor_names = {id(n): name for name, n in self.anchors.items()}
        self.anchors = {}
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicate_keys.append(str(key_node.value))
                seen.add(key_node.value)
        mapping = super().construct_mapping(node, deep=deep)
        if all(isinstance(key, str) for key in mapping):
            return mapping
        # YAML 1.1 reads `no:`, `on:`, `1:` as a bool or a number; kubectl's YAML→JSON step
        # (sigs.k8s.io/yaml) turns such keys back into strings: false → "false", 1 → "1".
        return {_json_key(key): value for key, value in mapping.items()}


def _json_key(key: Any) -> Any:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        if key != key:
            return ".nan"
        if key in (float("inf"), float("-inf")):
            return ".inf" if key > 0 else "-.inf"
        return _go_float(key)
    return key  # a null or a complex key: refused later as an object of the wrong shape


def _go_float(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, …): the shortest digits, exponent form from 1e+06
    or below 1e-04."""
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # digits before the decimal point
    lead = "-" if sign else ""
    if point - 1 < -4 or point - 1 >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        power = point - 1
        return f"{lead}{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if point <= 0:
        return f"{lead}0.{'0' * -point}{text}"
    if point >= len(text):
        return lead + text + "0" * (point - len(text))
    return f"{lead}{text[:point]}.{text[point:]}"


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# go-yaml v2 (resolve.go) also reads a lone y, Y, n, N as a bool, where PyYAML keeps a string:
# `run: y` is `true` to kubectl, and a Pod's labels then refuse it as a bool.
_Loader.bool_values = {**yaml.SafeLoader.bool_values, "y": True, "n": False}
for _first in "yYnN":
    _Loader.yaml_implicit_resolvers[_first] = [
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$")),
        *_Loader.yaml_implicit_resolvers.get(_first, []),
    ]

# PyYAML problem → go-yaml (v2, used by sigs.k8s.io/yaml) problem text.
_PROBLEMS: list[tuple[str, str]] = [
    (r"mapping values are not allowed here", "mapping values are not allowed in this context"),
    (r"found character .* that cannot start any token",
     "found character that cannot start any token"),
    (r"found unexpected end of stream", "found unexpected end of stream"),
    (r"could not find expected ':'", "could not find expected ':'"),
    (r"found unknown escape character", "found unknown escape character"),
    (r"expected a comment or a line break", "did not find expected comment or line break"),
    (r"expected the node content", "did not find expected node content"),
    (r"expected ',' or '\]'", "did not find expected ',' or ']'"),
    (r"expected ',' or '\}'", "did not find expected ',' or '}'"),
    (r"expected <document start>", "did not find expected <document start>"),
    (r"found unexpected ':'", "found unexpected ':'"),
]


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or ""
    scanner = isinstance(err, yaml.scanner.ScannerError)
    text = problem
    if problem.startswith("expected <block end>"):
        # go-yaml names what it wanted from the enclosing block.
        text = ("did not find expected key" if "mapping" in (err.context or "")
                else "did not find expected '-' indicator")
    elif problem.startswith("found undefined alias"):
        name = problem.rsplit(" ", 1)[-1].strip("'")
        text = f"unknown anchor '{name}' referenced"
    else:
        for pattern, go_text in _PROBLEMS:
            if re.search(pattern, problem):
                text = go_text
                break
    mark = err.problem_mark
    # go-yaml prints the 0-based line for parser errors and the 1-based one for scanner errors,
    # and no line at all when the problem sits on the first line.
    line = 0
    if mark is not None and mark.line != 0:
        line = mark.line + (1 if scanner else 0)
    elif err.context_mark is not None:
        line = err.context_mark.line
    return f"yaml: line {line}: {text}" if line else f"yaml: {text}"


class _AliasBudget:
    """go-yaml v2's alias-bomb rule (decode.go, used through sigs.k8s.io/yaml by kubectl).

    go-yaml counts every node it decodes (``decodeCount``) and those decoded inside an alias
    expansion (``aliasCount``), and fails with "document contains excessive aliasing" once
    more than 100 aliased decodes make up more than the allowed share of over 1000 decodes: 99% up
    to 400,000 decodes, falling linearly to 10% at 4,000,000. A large manifest without aliases is
    never refused, however many labels it has; its limits are the API server's. Expansions are
    counted in bulk from memoized subtree sizes, so a billion-laughs document is refused after
    a few thousand steps. Checking once after a bulk expansion decides as go-yaml's per-node check
    does: inside an expansion both counts grow together, so the aliased share only rises while the
    allowed share only falls.
    """

    RANGE_LOW = 400_000
    RANGE_HIGH = 4_000_000

    def __init__(self, anchor_names: dict[int, str]) -> None:
        self.decoded = 0
        self.aliased = 0
        self.sizes: dict[int, int] = {}  # id(node) -> nodes decoded for it, aliases expanded
        self.bytes: dict[int, int] = {}  # id(node) -> its JSON size (about), aliases expanded
        self.on_path: set[int] = set()  # ids of the nodes being decoded (a cycle comes back here)
        self.anchor_names = anchor_names  # id(node) -> its anchor, for the cycle message

    @classmethod
    def allowed_ratio(cls, decoded: int) -> float:
        if decoded <= cls.RANGE_LOW:
            return 0.99
        if decoded >= cls.RANGE_HIGH:
            return 0.10
        return 0.99 - 0.89 * (decoded - cls.RANGE_LOW) / (cls.RANGE_HIGH - cls.RANGE_LOW)

    def count(self, nodes: int, aliased: bool) -> None:
        self.decoded += nodes
        if aliased:
            self.aliased += nodes
        if (self.aliased > 100 and self.decoded > 1000
                and self.aliased / self.decoded > self.allowed_ratio(self.decoded)):
            raise ManifestError("yaml: document contains excessive aliasing")

    def document(self, root: yaml.Node) -> int:
        """Check one document; returns about how many bytes its JSON takes, aliases expanded."""
        self.count(1, False)  # the document node itself
        self._decode(root, aliased=False, depth=0)
        return self.bytes[id(root)]

    def _decode(self, node: yaml.Node, *, aliased: bool, depth: int) -> int:
        """Count ``node`` where it stands in the text; returns its size with aliases expanded."""
        if depth > 200:
            raise ManifestError("yaml: exceeded max depth of 10000")
        self.count(1, aliased)
        self.on_path.add(id(node))
        size = 1
        # JSON bytes: a scalar's text and quotes, brackets, one separator per entry.
        json_bytes = len(str(node.value).encode()) + 2 if isinstance(node, yaml.ScalarNode) else 2
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
                    # go-yaml decodes a merge's value (or each entry of a list of them), not `<<`.
                    children += value.value if isinstance(value, yaml.SequenceNode) else [value]
                else:
                    children += [key, value]
        for child in children:
            size += self._child(child, aliased, depth)
            json_bytes += self.bytes[id(child)] + 1
        self.on_path.discard(id(node))
        self.sizes[id(node)] = size
        self.bytes[id(node)] = json_bytes
        return size

    def _child(self, child: yaml.Node, aliased: bool, depth: int) -> int:
        # PyYAML's composer shares an anchored node wherever it is aliased, and the first
        # meeting in document order is the anchor: a node met again is go-yaml's alias node.
        key = id(child)
        if key not in self.sizes and key not in self.on_path:
            return self._decode(child, aliased=aliased, depth=depth + 1)
        self.count(1, aliased)  # the alias node
        if key in self.on_path:
            name = self.anchor_names.get(key, "")
            raise ManifestError(f"yaml: anchor '{name}' value contains itself")
        self.count(self.sizes[key], True)
        return 1 + self.sizes[key]


def _go_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _load_yaml(text: str, source: str) -> list[tuple[Any, list[str]]]:
    docs: list[tuple[Any, list[str]]] = []
    prefix = f"error parsing {source}: error converting YAML to JSON: "
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            try:
                json_bytes = _AliasBudget(loader.anchor_names).document(node)
            except ManifestError as error:
                raise ManifestError(prefix + error.message) from None
            if json_bytes > MAX_REQUEST_BODY_BYTES:
                # Few nodes but huge (one long string aliased a thousand times): go-yaml decodes it,
                # kubectl sends it and the API server refuses the body. Approximate: kubectl would
                # first send the documents before it, and say "patching" for a live object.
                raise ManifestError(
                    f'error when creating "{source}": Request entity too large: limit is '
                    f"{MAX_REQUEST_BODY_BYTES}",
                    prefix="Error from server (RequestEntityTooLarge): ",
                )
            loader.duplicate_keys = []
            docs.append((loader.construct_document(node), loader.duplicate_keys))
    except yaml.reader.ReaderError:
        raise ManifestError(prefix + "yaml: control characters are not allowed") from None
    except yaml.MarkedYAMLError as err:
        raise ManifestError(prefix + _yaml_message(err)) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        raise ManifestError(prefix + "yaml: invalid document") from None  # approximate
    finally:
        if loader is not None:
            loader.dispose()
    return docs


def _load_json(text: str, source: str) -> list[tuple[Any, list[str]]]:
    try:
        return [(json.loads(text), [])]
    except json.JSONDecodeError as err:
        # Approximate: Go's encoding/json words its syntax errors differently from Python's.
        char = text[err.pos] if err.pos < len(text) else ""
        if not char:
            detail = "unexpected end of JSON input"
        elif err.msg.startswith("Expecting property name"):
            detail = f"invalid character '{char}' looking for beginning of object key string"
        elif err.msg.startswith("Expecting ',' delimiter"):
            detail = f"invalid character '{char}' after object key:value pair"
        else:
            detail = f"invalid character '{char}' looking for beginning of value"
        message = f"error parsing {source}: json: offset {err.pos + 1}: {detail}"
        raise ManifestError(message) from None
    except RecursionError:
        raise ManifestError(f"error parsing {source}: json: exceeded max depth") from None


def _check(doc: Any, source: str, known: Collection[tuple[str, str]]) -> None:
    if not isinstance(doc, dict):
        # Approximate text: kubectl's version/kind sniffing on a non-object document.
        raise ManifestError(
            f'unable to decode "{source}": json: cannot unmarshal {go_type(doc)} into Go value '
            'of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
            'Kind string "json:\\"kind,omitempty\\"" }')
    kind, version = doc.get("kind"), doc.get("apiVersion")
    if not kind:
        raise ManifestError(
            f"unable to decode \"{source}\": Object 'Kind' is missing in '{_go_json(doc)}'")
    if not version:
        raise ManifestError(
            f"unable to decode \"{source}\": Object 'apiVersion' is missing in '{_go_json(doc)}'")
    if (str(version), str(kind)) not in known:
        meta = doc["metadata"] if isinstance(doc.get("metadata"), dict) else {}
        raise ManifestError(
            f'resource mapping not found for name: "{meta.get("name", "")}" namespace: '
            f'"{meta.get("namespace", "")}" from "{source}": no matches for kind "{kind}" in '
            f'version "{version}"\nensure CRDs are installed first')


def go_type(value: Any) -> str:
    """The JSON type of a decoded value as encoding/json names it in its errors."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    return "number"


def yaml_value(text: str) -> Any:
    """The first YAML document of ``text`` as go-yaml decodes it for sigs.k8s.io/yaml's ToJSON
    (its bools, its alias budget: a billion-laughs text is refused, never expanded); None for
    no document. Raises ManifestError with sigs.k8s.io/yaml's words ("error converting YAML
    to JSON: yaml: …", after ``error parsing -: ``)."""
    docs = _load_yaml(text, "-")
    return docs[0][0] if docs else None


def yaml_error(text: str) -> str | None:
    """sigs.k8s.io/yaml's words when ``text`` is not YAML ("error converting YAML to JSON:
    yaml: line 1: …"), None when it parses."""
    prefix = "error parsing -: "
    try:
        _load_yaml(text, "-")
    except ManifestError as error:
        return error.message.removeprefix(prefix)
    return None


def load_documents(
    text: str, source: str, known_kinds: Collection[tuple[str, str]] = KNOWN_KINDS
) -> list[dict[str, Any]]:
    """Every object in a manifest, in order; raises ManifestError in kubectl's words."""
    if len(text) > MAX_BYTES:
        raise ManifestError(f"error parsing {source}: input is too large (more than 1 MiB)")
    if "\x00" in text:
        raise ManifestError(
            f"error parsing {source}: error converting YAML to JSON: "
            "yaml: control characters are not allowed")
    stripped = text.lstrip()
    raw = _load_json(text, source) if stripped.startswith("{") else _load_yaml(text, source)
    out: list[dict[str, Any]] = []
    for doc, dups in raw:
        if doc is None or doc == {}:
            continue
        _check(doc, source, {*known_kinds, ("v1", "List")})
        items = doc.get("items") if doc.get("kind") == "List" else [doc]
        for item in items or []:
            _check(item, source, known_kinds)
            problem = strict.metadata_error(item)
            if problem:
                raise ManifestError(f'unable to decode "{source}": {problem}')
            manifest = Manifest(item)
            manifest.duplicates = list(dups)
            out.append(manifest)
    return out
