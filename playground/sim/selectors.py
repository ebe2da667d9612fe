"""Label and field selectors (`-l`, `--field-selector`) with the API server's grammar and errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from playground.sim.admission import names

_SPECIAL = "=!(),><"
_WHITESPACE = " \t\r\n"
_TOKENS = {")": "CLOSE", ",": "COMMA", "!": "NOT", "==": "EQ2", "=": "EQ", ">": "GT",
           "in": "IN", "<": "LT", "!=": "NE", "notin": "NOTIN", "(": "OPEN"}
_BINARY_OPS = "in, notin, =, ==, !=, gt, lt"


class SelectorError(ValueError):
    """The detail the server puts after `... field selector "": `."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str  # one of in, notin, =, ==, !=, exists, !, gt, lt
    values: tuple[str, ...]

    def matches(self, labels: Mapping[str, str]) -> bool:
        present = self.key in labels
        value = labels.get(self.key)
        if self.op in ("in", "=", "=="):
            return present and value in self.values
        if self.op in ("notin", "!="):
            return not present or value not in self.values
        if self.op == "exists":
            return present
        if self.op == "!":
            return not present
        try:
            have, want = int(str(value)), int(self.values[0])
        except ValueError:
            return False
        return present and (have > want if self.op == "gt" else have < want)


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...]

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        labels = labels or {}
        for requirement in self.requirements:  # a loop, not all(): run once per stored pod
            if not requirement.matches(labels):
                return False
        return True

    def empty(self) -> bool:
        return not self.requirements


def _lex(text: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in _WHITESPACE:
            i += 1
        if i >= n:
            items.append(("END", ""))
            return items
        if text[i] in _SPECIAL:
            # Longest run of special characters that still spells a token.
            buf, last = "", None
            while i < n and text[i] in _SPECIAL:
                buf += text[i]
                if buf in _TOKENS:
                    last = (_TOKENS[buf], buf)
                elif last is not None:
                    break
                i += 1
            if last is None:
                items.append(("ERROR", f"error expected: keyword found '{buf}'"))
            else:
                items.append(last)
        else:
            start = i
            while i < n and text[i] not in _SPECIAL and text[i] not in _WHITESPACE:
                i += 1
            word = text[start:i]
            items.append((_TOKENS.get(word, "ID"), word))


class _Parser:
    def __init__(self, text: str) -> None:
        self.items = _lex(text)
        self.pos = 0

    def peek(self, values: bool = True) -> tuple[str, str]:
        return self._as(self.items[self.pos], values)

    def take(self, values: bool = True) -> tuple[str, str]:
        self.pos += 1
        return self._as(self.items[self.pos - 1], values)

    @staticmethod
    def _as(item: tuple[str, str], values: bool) -> tuple[str, str]:
        # In value context the keywords `in` and `notin` are plain identifiers.
        if values and item[0] in ("IN", "NOTIN"):
            return ("ID", item[1])
        return item

    def parse(self) -> list[Requirement]:
        reqs: list[Requirement] = []
        while True:
            tok, lit = self.peek()
            if tok in ("ID", "NOT"):
                try:
                    reqs.append(self.requirement())
                except SelectorError as err:
                    raise SelectorError("unable to parse requirement: " + err.detail) from None
                tok, lit = self.take()
                if tok == "END":
                    return reqs
                if tok == "COMMA":
                    tok2, lit2 = self.peek()
                    if tok2 not in ("ID", "NOT"):
                        raise SelectorError(f"found '{lit2}', expected: identifier after ','")
                else:
                    raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            elif tok == "END":
                return reqs
            else:
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self) -> Requirement:
        op = ""
        tok, key = self.take()
        if tok == "NOT":
            op = "!"
            tok, key = self.take()
        if tok != "ID":
            raise SelectorError(f"found '{key}', expected: identifier")
        errs = names.qualified_name(key)
        if errs:
            # v1.32 passes a nil field path here, which prints as <nil>.
            raise SelectorError(f'<nil>: Invalid value: "{key}": ' + "; ".join(errs))
        if self.peek()[0] in ("END", "COMMA") and op != "!":
            op = "exists"
        if op in ("!", "exists"):
            return Requirement(key, op, ())
        tok, lit = self.take(values=False)
        ops = {"IN": "in", "NOTIN": "notin", "EQ": "=", "EQ2": "==", "NE": "!=",
               "GT": "gt", "LT": "lt"}
        if tok not in ops:
            raise SelectorError(f"found '{lit}', expected: {_BINARY_OPS}")
        op = ops[tok]
        values = self.set_values() if op in ("in", "notin") else self.exact_value()
        return _new_requirement(key, op, sorted(values))

    def set_values(self) -> set[str]:
        tok, lit = self.take()
        if tok != "OPEN":
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.peek()
        if tok in ("ID", "COMMA"):
            values = self.identifiers()
            if self.take()[0] != "CLOSE":
                raise SelectorError(f"found '{lit}', expected: ')'")
            return values
        if tok == "CLOSE":
            self.take()
            return {""}
        raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self) -> set[str]:
        values: set[str] = set()
        while True:
            tok, lit = self.take()
            if tok == "ID":
                values.add(lit)
                tok2, lit2 = self.peek()
                if tok2 == "COMMA":
                    continue
                if tok2 == "CLOSE":
                    return values
                raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            if tok == "COMMA":
                if not values:
                    values.add("")
                tok2 = self.peek()[0]
                if tok2 == "CLOSE":
                    values.add("")
                    return values
                if tok2 == "COMMA":
                    values.add("")
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        if self.peek()[0] in ("END", "COMMA"):
            return {""}
        tok, lit = self.take()
        if tok == "ID":
            return {lit}
        raise SelectorError(f"found '{lit}', expected: identifier")


def _new_requirement(key: str, op: str, values: list[str]) -> Requirement:
    errs: list[str] = []
    if op in ("gt", "lt"):
        for i, value in enumerate(values):
            try:
                int(value)
            except ValueError:
                errs.append(f'values[{i}]: Invalid value: "{value}": '
                            "for 'Gt', 'Lt' operators, the value must be an integer")
    for i, value in enumerate(values):
        problems = names.label_value(value)
        if problems:
            errs.append(f'values[{i}][{key}]: Invalid value: "{value}": ' + "; ".join(problems))
    if errs:
        # A Go aggregate of several errors prints as [a, b].
        raise SelectorError(errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]")
    return Requirement(key, op, tuple(values))


def parse(text: str) -> Selector:
    """Parse a label selector; raises SelectorError with the server's detail text."""
    reqs = _Parser(text).parse()
    return Selector(tuple(sorted(reqs, key=lambda r: r.key)))


def _get(obj: dict[str, Any], path: str) -> str:
    value: Any = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def _getter(path: str) -> Callable[[dict[str, Any]], str]:
    return lambda obj: _get(obj, path)


_META = ("metadata.name", "metadata.namespace")
# Fields the API server can select on, per kind: the field label conversion functions of
# pkg/apis/core/v1/conversion.go and the registries' ToSelectableFields (v1.32). Anything else
# is answered with "field label not supported: <field>".
_FIELDS: dict[str, dict[str, Callable[[dict[str, Any]], str]]] = {
    "Pod": {
        **{f: _getter(f) for f in (*_META, "spec.nodeName", "spec.restartPolicy",
                                   "spec.schedulerName", "spec.serviceAccountName",
                                   "status.phase", "status.podIP", "status.nominatedNodeName")},
        "spec.hostNetwork": lambda p: str(bool(p.get("spec", {}).get("hostNetwork"))).lower(),
    },
    "Event": {
        **{f: _getter(f) for f in (*_META, "involvedObject.kind", "involvedObject.namespace",
                                   "involvedObject.name", "involvedObject.uid",
                                   "involvedObject.apiVersion", "involvedObject.resourceVersion",
                                   "involvedObject.fieldPath", "reason", "type",
                                   "reportingComponent")},
        "source": _getter("source.component"),
    },
    "Namespace": {f: _getter(f) for f in ("metadata.name", "status.phase")},
    "Node": {f: _getter(f) for f in ("metadata.name", "spec.unschedulable")},
    "Service": {f: _getter(f) for f in (*_META, "spec.clusterIP", "spec.type")},
}
_FIELDS["Node"]["spec.unschedulable"] = lambda n: str(bool(
    n.get("spec", {}).get("unschedulable"))).lower()
_POD_FIELDS = _FIELDS["Pod"]


def selectable_fields(kind: str) -> dict[str, Callable[[dict[str, Any]], str]]:
    """The fields of ``kind`` a field selector may name (every kind has metadata.name and,
    when namespaced, metadata.namespace)."""
    return _FIELDS.get(kind, {f: _getter(f) for f in _META})


@dataclass(frozen=True)
class FieldSelector:
    terms: tuple[tuple[str, str, str], ...]  # (field, "=" or "!=", value)
    kind: str = "Pod"

    def matches(self, obj: dict[str, Any]) -> bool:
        fields = selectable_fields(self.kind)
        for field, op, value in self.terms:
            have = fields[field](obj) or ""
            if (have == value) != (op == "="):
                return False
        return True


def parse_field_terms(text: str) -> tuple[tuple[str, str, str], ...]:
    """The syntax check kubectl makes on the client (fields.ParseSelector): any field name."""
    terms = []
    for part in (p for p in text.split(",") if p):
        for op in ("!=", "==", "="):
            if op in part:
                field, value = part.split(op, 1)
                terms.append((field, "!=" if op == "!=" else "=", value))
                break
        else:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
    return tuple(terms)


def parse_field_selector(text: str, kind: str = "Pod") -> FieldSelector:
    """Parse a field selector for objects of ``kind``; SelectorError carries the server's
    detail text (``field label not supported: foo``)."""
    terms = parse_field_terms(text)
    fields = selectable_fields(kind)
    for field, _, _ in terms:
        if field not in fields:
            raise SelectorError(f"field label not supported: {field}")
    return FieldSelector(terms, kind)


def check_label_value(value: str) -> str | None:
    """What is wrong with a label value (None if fine); kubectl label checks this client-side."""
    errs = names.label_value(value)
    return "; ".join(errs) if errs else None


def check_label_key(key: str) -> str | None:
    errs = names.qualified_name(key)
    return "; ".join(errs) if errs else None


def invalid_label_value_message(spec: str, value: str) -> str | None:
    """`invalid label value: "app=-bad": ...` for `kubectl label` (without `error: `)."""
    detail = check_label_value(value)
    return None if detail is None else f'invalid label value: "{spec}": {detail}'
