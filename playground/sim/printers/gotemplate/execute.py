"""Running a parsed template on decoded JSON, with Go's execution errors."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from playground.sim.printers.gotemplate.parse import NAME, Node, parse
from playground.sim.printers.gotemplate.values import (
    MISSING,
    _go_type,
    _truth,
    go_v,
    sprintf,
)


class ExecError(Exception):
    """An execution error: str() is Go's ``template: output:L:C: executing ... at <..>: ...``."""


# -- execution ---------------------------------------------------------------------------------
class _State:
    def __init__(self, template: str, root: Any, missing_is_error: bool = False) -> None:
        self.template = template
        self.missing_is_error = missing_is_error
        self.out: list[str] = []
        self.vars: list[tuple[str, Any]] = [("$", root)]

    def at(self, node: Node, message: str) -> ExecError:
        before = self.template[:node.pos]
        line = before.count("\n") + 1
        col = node.pos - (before.rfind("\n") + 1)
        return ExecError(f'template: {NAME}:{line}:{col}: executing "{NAME}" at '
                         f"<{node.source}>: {message}")

    def var(self, name: str) -> Any:
        for key, value in reversed(self.vars):
            if key == name:
                return value
        return MISSING

    def set_var(self, name: str, value: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return

    # -- lists and control ---------------------------------------------------------------
    def run(self, nodes: list[Node], dot: Any) -> None:
        for node in nodes:
            if node.kind == "text":
                self.out.append(node.text)
            elif node.kind == "action":
                assert node.pipe is not None
                value = self.pipeline(node.pipe, dot)
                if not node.pipe.decls:
                    self.out.append(go_v(value))
            elif node.kind in ("if", "with"):
                mark = len(self.vars)
                assert node.pipe is not None
                value = self.pipeline(node.pipe, dot)
                if _truth(value):
                    self.run(node.body, value if node.kind == "with" else dot)
                else:
                    self.run(node.orelse, dot)
                del self.vars[mark:]
            elif node.kind == "range":
                self.range_(node, dot)

    def range_(self, node: Node, dot: Any) -> None:
        mark = len(self.vars)
        assert node.pipe is not None
        pipe = node.pipe
        value = self.pipeline(Node("pipe", pipe.pos, args=pipe.args, source=pipe.source), dot)
        if isinstance(value, dict):
            entries: list[tuple[Any, Any]] = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            entries = list(enumerate(value))
        elif value is MISSING or value is None:
            entries = []
        elif isinstance(value, int) and not isinstance(value, bool):
            entries = [(i, i) for i in range(value)]
        else:
            raise self.at(node, f"range can't iterate over {go_v(value, False)}")
        if not entries:
            self.run(node.orelse, dot)
            return
        for key, item in entries:
            if len(pipe.decls) == 1:
                self.vars.append((pipe.decls[0], item))
            elif len(pipe.decls) == 2:
                self.vars.append((pipe.decls[0], key))
                self.vars.append((pipe.decls[1], item))
            self.run(node.body, item)
            del self.vars[mark:]

    # -- pipelines ------------------------------------------------------------------------
    def pipeline(self, pipe: Node, dot: Any) -> Any:
        value: Any = MISSING
        first = True
        for cmd in pipe.args:
            value = self.command(cmd, dot, None if first else value, not first)
            first = False
        if pipe.decls:
            if pipe.assign:
                self.set_var(pipe.decls[0], value)
            else:
                self.vars.append((pipe.decls[0], value))
        return value

    def command(self, cmd: Node, dot: Any, final: Any, has_final: bool) -> Any:
        head = cmd.args[0]
        if head.kind == "ident":
            args = [self.arg(a, dot) for a in cmd.args[1:]]
            if has_final:
                args.append(final)
            return self.call(Node("ident", head.pos, text=head.text, source=cmd.source),
                             cmd, args)
        if has_final or len(cmd.args) > 1:
            if head.kind in ("field", "var", "chain") and len(cmd.args) == 1 and has_final:
                raise self.at(head, f"can't give argument to non-function {head.source}")
            raise self.at(head, f"can't give argument to non-function {head.source}")
        return self.arg(head, dot)

    def arg(self, node: Node, dot: Any) -> Any:
        if node.kind == "const":
            return node.value
        if node.kind == "field":
            return self.fields(node, dot, node.names)
        if node.kind == "var":
            return self.fields(node, self.var(node.text), node.names)
        if node.kind == "paren":
            assert node.pipe is not None
            return self.pipeline(node.pipe, dot)
        if node.kind == "chain":
            return self.fields(node, self.arg(node.args[0], dot), node.names)
        if node.kind == "ident":
            return self.call(node, node, [])
        raise self.at(node, "can't evaluate")

    def fields(self, node: Node, value: Any, names: list[str]) -> Any:
        for name in names:
            if isinstance(value, dict):
                if name not in value and self.missing_is_error:
                    raise self.at(node, f'map has no entry for key "{name}"')
                value = value.get(name, MISSING)
            elif value is MISSING or value is None:
                # a missing map key is the zero value of interface{}: a nil map goes on
                # giving <no value>
                if value is None:
                    raise self.at(node, f"nil pointer evaluating interface {{}}.{name}")
                value = MISSING
            else:
                raise self.at(node, f"can't evaluate field {name} in type interface {{}}")
        return value

    # -- functions ------------------------------------------------------------------------
    def call(self, ident: Node, cmd: Node, args: list[Any]) -> Any:
        name = ident.text
        nil = [None if a is MISSING else a for a in args]
        want = {"not": 1, "len": 1, "exists": None, "base64decode": 1}
        if name in want and want[name] is not None and len(args) != want[name]:
            raise self.at(ident, f"wrong number of args for {name}: want {want[name]} got "
                                 f"{len(args)}")
        if name in ("and", "or"):
            if not args:
                raise self.at(ident, f"wrong number of args for {name}: want at least 1 got 0")
            for arg in args:
                if _truth(arg) == (name == "or"):
                    return arg
            return args[-1]
        if name == "not":
            return not _truth(args[0])
        if name == "len":
            value = args[0]
            if isinstance(value, str | list | dict):
                return len(value)
            if nil[0] is None:
                raise self.at(ident, "error calling len: len of nil pointer")
            raise self.at(ident, f"error calling len: len of type {_go_type(nil[0])}")
        if name == "index":
            if not args:
                raise self.at(ident, "wrong number of args for index: want at least 1 got 0")
            return self.index(ident, nil[0], nil[1:])
        if name == "print":
            return _sprint(nil)
        if name == "println":
            return " ".join(go_v(a, False) for a in nil) + "\n"
        if name == "printf":
            if not args or not isinstance(args[0], str):
                raise self.at(ident, "wrong type for value; expected string; got "
                              + _go_type(nil[0] if nil else None))
            return sprintf(args[0], nil[1:])
        if name in ("eq", "ne", "lt", "le", "gt", "ge"):
            return self.compare(ident, name, nil)
        if name == "exists":
            return self.exists(nil)
        if name == "base64decode":
            try:
                return base64.b64decode(str(args[0]), validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError) as exc:
                raise self.at(ident, f"error calling base64decode: {exc}") from None
        raise self.at(ident, f'the playground does not run "{name}" in templates')

    def index(self, ident: Node, value: Any, keys: list[Any]) -> Any:
        for key in keys:
            if value is None:
                raise self.at(ident, "error calling index: index of untyped nil")
            if isinstance(value, dict):
                if not isinstance(key, str):
                    raise self.at(ident, f"error calling index: value has type "
                                         f"{_go_type(key)}; should be string")
                value = value.get(key)
            elif isinstance(value, list | str):
                if not isinstance(key, int) or isinstance(key, bool):
                    raise self.at(ident, f"error calling index: cannot index slice/array "
                                         f"with type {_go_type(key)}")
                if not 0 <= key < len(value):
                    raise self.at(ident, f"error calling index: index out of range: {key}")
                value = value[key]
                if isinstance(value, str) and len(value) == 1:
                    value = ord(value)
            else:
                raise self.at(ident, f"error calling index: can't index item of type "
                                     f"{_go_type(value)}")
        return MISSING if value is None else value

    def compare(self, ident: Node, name: str, args: list[Any]) -> bool:
        if len(args) < 2 and name == "eq":
            raise self.at(ident, "error calling eq: missing argument for comparison")
        if len(args) != 2 and name != "eq":
            raise self.at(ident, f"wrong number of args for {name}: want 2 got {len(args)}")
        left = args[0]
        for right in args[1:]:
            if isinstance(left, bool) != isinstance(right, bool) or (
                    isinstance(left, str) != isinstance(right, str)) or (
                    isinstance(left, int | float) != isinstance(right, int | float)):
                if left is None or right is None:
                    if name in ("eq", "ne"):
                        same = left is right
                        if name == "eq" and same:
                            return True
                        if name == "ne":
                            return not same
                        continue
                raise self.at(ident, f"error calling {name}: incompatible types for comparison")
            if isinstance(left, dict | list) or isinstance(right, dict | list):
                raise self.at(ident, f"error calling {name}: non-comparable type "
                                     f"{go_v(left, False)}: {_go_type(left)}")
            if name == "eq":
                if left == right:
                    return True
                continue
            ops = {"ne": left != right, "lt": left < right, "le": left <= right,
                   "gt": left > right, "ge": left >= right}
            return ops[name]
        return False

    def exists(self, args: list[Any]) -> bool:
        # kubectl's helper: does the path of keys lead somewhere in the object?
        if not args:
            return False
        value = args[0]
        for key in args[1:]:
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                value = value[key]
            else:
                return False
        return True


def _sprint(args: list[Any]) -> str:
    """fmt.Sprint: a space between operands when neither side is a string."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_v(arg, False))
    return "".join(out)


def execute(template: str, data: Any, *, missing_is_error: bool = False) -> str:
    """Run a template on decoded JSON; raises TemplateError or ExecError in Go's words.
    ``missing_is_error``: --allow-missing-template-keys=false (missingkey=error)."""
    nodes = parse(template)
    state = _State(template, data, missing_is_error)
    state.run(nodes, data)
    return "".join(state.out)
