"""Tab completion for the terminal, shaped like kubectl's own (cobra ``__complete``) completion.

``complete(state, line, cursor)`` reads a sandbox state dict (never changes it) and answers which
word under the cursor to replace and with what: the command name, kubectl verbs, resource types,
object names in the namespace typed on the line, container names after ``-c``, flags of the verb,
``-o`` values and file names. It is cheap (no lifecycle beyond the pods' existence), so the
websocket consumer may call it directly on a state it read from Redis.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from playground.sim import containers
from playground.sim.cluster import Cluster
from playground.sim.kubectl import resources
from playground.sim.kubectl.commands import COMMANDS, VISIBLE
from playground.sim.kubectl.flags import GLOBAL_FLAGS, Flag
from playground.sim.shell.builtins import SHELL_BUILTINS
from playground.sim.shell.fs import HOME
from playground.sim.shell.runner import TOOLS

# Programs the sandbox adds to the shell's tools (sandbox.py wires them to the simulator).
SANDBOX_PROGRAMS = ("kubectl", "curl", "wget", "sleep", "date", "why", "skip", "timeline")
# The playground's own commands (sim/own_commands.py): their first word's candidates.
_OWN_FIRST = {"skip": ("10s", "1m", "5m", "next"), "timeline": ("restore",)}
# kubectl's -o values (kubectl get -o <TAB> lists these, jsonpath/custom-columns ending in "=").
OUTPUT_FORMATS = (
    "custom-columns=", "custom-columns-file=", "go-template=", "go-template-file=", "json",
    "jsonpath=", "jsonpath-as-json=", "jsonpath-file=", "name", "template=", "templatefile=",
    "wide", "yaml",
)  # fmt: skip
# Verbs whose first argument is a resource type and later ones are names of that type.
_TYPE_THEN_NAMES = frozenset({"get", "describe", "delete", "label", "annotate", "edit", "patch",
                              "wait", "scale", "taint", "cordon", "uncordon", "drain"})  # fmt: skip
# Verbs whose first argument is a pod (TYPE/NAME also accepted); logs' second is a container.
_POD_FIRST = frozenset({"logs", "exec", "port-forward", "attach"})
_CREATE_SUBCOMMANDS = ("configmap", "namespace", "secret")
_TOP_KINDS = {
    **dict.fromkeys(("pod", "pods", "po"), resources.POD),
    **dict.fromkeys(("node", "nodes", "no"), resources.NODE),
}
_SEPARATORS = ("&&", "||", "|", ";", "&", "(", ")")


@dataclass(frozen=True)
class Completion:
    """Replace ``line[replace_from:cursor]`` by one of ``candidates``.

    ``common_prefix`` is what a first Tab inserts (the candidates' longest common prefix, never
    shorter than the typed word); a single candidate is the whole answer.
    """

    replace_from: int
    candidates: list[str] = field(default_factory=list)
    common_prefix: str = ""


@dataclass
class _Word:
    text: str  # unquoted
    start: int  # index in the line where the word (including any opening quote) starts


def complete(
    state: dict[str, Any], line: str, cursor: int, *, now: float | None = None,
    tab: str | None = None,
) -> Completion:
    """Completions for the word that ends at ``cursor`` in ``line``.

    ``now`` decides which deleted pods are gone already (None: every stored pod counts); ``tab``
    tells whether the line goes to a container shell (``kubectl exec -it``) rather than bash.
    """
    cursor = max(0, min(len(line), cursor))
    words, current, quote = _split(line[:cursor])
    # a tab whose stream is a shell (after `kubectl exec -it` / `run -it`) types into a container
    stream = ((state.get("tabs") or {}).get(tab) or {}).get("stream") if tab else None
    shell: dict[str, Any] | None = (
        stream.get("spec") or {} if isinstance(stream, dict) and stream.get("kind") == "shell"
        else None
    )
    in_container = shell is not None
    ctx = _Context(state, now)
    if not words:
        pool: Iterable[str] = (
            ctx.container_programs(shell) if shell is not None else ctx.programs()
        )
        return _answer(current, pool, quote)
    if in_container:
        return _answer(current, ctx.files(current.text, container=True), quote)
    argv = ctx.expand_alias([w.text for w in words])
    if posixpath.basename(argv[0]) == "kubectl":
        return _answer(current, _kubectl(ctx, argv[1:], current), quote)
    if argv[0] == "why":
        return _answer(current, _why(ctx, argv[1:], current), quote)
    if argv[0] in _OWN_FIRST:
        return _answer(current, _OWN_FIRST[argv[0]] if len(argv) == 1 else (), quote)
    return _answer(current, ctx.files(current.text), quote)


def _why(ctx: _Context, args: list[str], current: _Word) -> list[str]:
    """``why pod/<TAB>``: the pods of the namespace given with -n (else the default one)."""
    namespace = "default"
    for flag, value in zip(args, args[1:], strict=False):
        if flag in ("-n", "--namespace"):
            namespace = value
    if args and args[-1] in ("-n", "--namespace"):
        return ctx.namespaces()
    names = ctx.names(resources.POD, namespace)
    return [f"pod/{name}" for name in names] if current.text.startswith("pod/") else names


# ----------------------------------------------------------------------------- the line


def _split(text: str) -> tuple[list[_Word], _Word, str]:
    """The words of the last simple command before the cursor, and the word being typed."""
    words: list[_Word] = []
    buf: list[str] = []
    start = -1
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"' and i + 1 < len(text):
                i += 1
                buf.append(text[i])
            else:
                buf.append(c)
        elif c in "'\"":
            if start < 0:
                start = i
            quote = c
        elif c == "\\" and i + 1 < len(text):
            if start < 0:
                start = i
            i += 1
            buf.append(text[i])
        elif c.isspace():
            if start >= 0:
                words.append(_Word("".join(buf), start))
            buf, start = [], -1
        elif any(text.startswith(sep, i) for sep in _SEPARATORS):
            # a new command starts after a pipe, ;, && or ||
            sep = next(s for s in _SEPARATORS if text.startswith(s, i))
            words, buf, start = [], [], -1
            i += len(sep)
            continue
        else:
            if start < 0:
                start = i
            buf.append(c)
        i += 1
    if start < 0:
        return words, _Word("", len(text)), quote
    # where the replacement starts: after an opening quote, so the quote stays as typed
    at = start + 1 if text[start] in "'\"" and quote else start
    return words, _Word("".join(buf), at), quote


def _answer(current: _Word, pool: Iterable[str], quote: str = "") -> Completion:
    typed = current.text
    candidates = sorted({c for c in pool if c.startswith(typed)})
    if quote:
        candidates = [c for c in candidates if "=" not in c]
    prefix = posixpath.commonprefix(candidates) if candidates else typed
    return Completion(current.start, candidates, prefix)


# ----------------------------------------------------------------------------- the sandbox


class _Context:
    """Read-only views of the sandbox for completion; the cluster is loaded on first use."""

    def __init__(self, state: dict[str, Any], now: float | None) -> None:
        self.state = state
        self.now = now
        self._cluster: Cluster | None = None

    @property
    def shell(self) -> dict[str, Any]:
        shell: dict[str, Any] = self.state.get("shell") or {}
        return shell

    def aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = self.shell.get("aliases") or {}
        return aliases

    def programs(self) -> set[str]:
        return set(TOOLS) | set(SHELL_BUILTINS) | set(SANDBOX_PROGRAMS) | set(self.aliases())

    def container_programs(self, spec: dict[str, Any]) -> set[str]:
        """What the container's shell runs: its image's programs and the shell's built-ins."""
        cluster = self.cluster()
        record = cluster.pod_record(spec.get("namespace", ""), spec.get("pod", "")) \
            if cluster else None  # fmt: skip
        if record is None or record["metadata"].get("uid") != spec.get("uid"):
            return set()
        installed = containers.profile(record, spec["container"]).programs or frozenset()
        return set(installed) | set(SHELL_BUILTINS)

    def expand_alias(self, argv: list[str]) -> list[str]:
        seen: set[str] = set()
        while argv and argv[0] in self.aliases() and argv[0] not in seen:
            seen.add(argv[0])
            argv = self.aliases()[argv[0]].split() + argv[1:]
        return argv or [""]

    def cluster(self) -> Cluster | None:
        if self._cluster is None:
            raw = self.state.get("cluster")
            if not isinstance(raw, dict):
                return None
            # Reading a cluster reaps finished deletions: work on copies of what that touches.
            view = dict(raw)
            for key in ("pods", "namespaces"):
                view[key] = dict(raw.get(key, {}))
            view["tombstones"] = copy.copy(raw.get("tombstones", []))
            self._cluster = Cluster(view, self.now if self.now is not None else float("-inf"))
        return self._cluster

    def namespaces(self) -> list[str]:
        cluster = self.cluster()
        return [ns["metadata"]["name"] for ns in cluster.namespaces()] if cluster else []

    def names(self, resource: resources.Resource, namespace: str) -> list[str]:
        cluster = self.cluster()
        if cluster is None:
            return []
        ns: str | None = namespace if resource.namespaced else None
        state = cluster.state
        if resource is resources.POD:
            records = cluster.pod_records(ns)
        elif resource is resources.NAMESPACE:
            records = list(state.get("namespaces", {}).values())
        elif resource is resources.NODE:
            records = list(state.get("nodes", {}).values())
        elif resource is resources.SERVICE:
            records = cluster.services(ns)
        elif resource is resources.EVENT:
            records = cluster.events(ns)
        elif resource in (resources.CONFIGMAP, resources.SECRET):
            from playground.sim import cluster_configdata  # completion rarely needs it

            records = cluster_configdata.objects(cluster, resource.kind, ns)
        else:  # pragma: no cover - every served resource is listed above
            records = []
        return [r["metadata"]["name"] for r in records]

    def containers(self, namespace: str, pod: str) -> list[str]:
        cluster = self.cluster()
        record = cluster.pod_record(namespace, pod) if cluster else None
        if record is None:
            return []
        spec = record.get("spec", {})
        return [c["name"] for key in ("initContainers", "containers")
                for c in spec.get(key, []) if "name" in c]  # fmt: skip

    def files(self, typed: str, *, container: bool = False) -> list[str]:
        """Entries of the directory ``typed`` points into, as bash's default completion gives."""
        if container:
            return []
        files: dict[str, str] = self.state.get("files") or {}
        cwd = str(self.shell.get("cwd") or HOME)
        head, _, _ = typed.rpartition("/")
        shown = head + "/" if "/" in typed else ""
        base = posixpath.normpath(posixpath.join(cwd, head or ".")) if not typed.startswith("~") \
            else posixpath.normpath(HOME + head[1:])  # fmt: skip
        if base == HOME:
            key = ""
        elif base.startswith(HOME + "/"):
            key = base[len(HOME) + 1 :] + "/"
        else:
            return []
        out: set[str] = set()
        dirs = [d + "/" for d in self.shell.get("dirs") or []]
        for name in list(files) + dirs:
            if not name.startswith(key) or name == key:
                continue
            rest = name[len(key) :]
            child, slash, _ = rest.partition("/")
            out.add(shown + child + ("/" if slash else ""))
        return sorted(out)


# ----------------------------------------------------------------------------- kubectl


def _flag_table(verb: str | None) -> list[Flag]:
    module = COMMANDS.get(verb) if verb else None
    local = list(getattr(module, "FLAGS", None) or []) if module is not None else []
    return local + list(GLOBAL_FLAGS)


def _find_flag(flags: list[Flag], word: str) -> Flag | None:
    if word.startswith("--"):
        name = word[2:].split("=", 1)[0]
        return next((f for f in flags if f.name == name), None)
    if word.startswith("-") and len(word) >= 2:
        # the last short flag of a cluster (-it, -ojson) decides
        for f in flags:
            if f.short == word[1]:
                return f
    return None


def _takes_value(flag: Flag | None) -> bool:
    return flag is not None and flag.kind != "bool"


def _kubectl(ctx: _Context, args: list[str], current: _Word) -> list[str]:
    verb: str | None = None
    namespace: str | None = None
    positionals: list[str] = []
    after_dash = False
    pending: Flag | None = None  # a flag whose value is the next word
    for word in args:
        if pending is not None:
            if pending.name == "namespace":
                namespace = word
            pending = None
            continue
        if after_dash:
            positionals.append(word)
            continue
        if word == "--":
            after_dash = True
            continue
        if word.startswith("-") and word != "-":
            flag = _find_flag(_flag_table(verb), word)
            inline = "=" in word if word.startswith("--") else len(word) > 2
            if flag is not None and flag.name == "namespace" and inline:
                namespace = word.split("=", 1)[1] if word.startswith("--") else word[2:]
            elif _takes_value(flag) and not inline:
                pending = flag
            continue
        if verb is None:
            verb = word
        else:
            positionals.append(word)
    ns = namespace or "default"
    typed = current.text

    if pending is not None:
        return _flag_values(ctx, pending, ns, verb, positionals, typed)
    if after_dash:
        return []
    if typed.startswith("--") and "=" in typed:
        flag = _find_flag(_flag_table(verb), typed)
        if flag is None:
            return []
        name, _, value = typed.partition("=")
        current.start += len(name) + 1
        current.text = value
        return _flag_values(ctx, flag, ns, verb, positionals, value)
    if typed.startswith("-"):
        flags = _flag_table(verb)
        longs = [f"--{f.name}" for f in flags]
        if typed == "-":
            longs += [f"-{f.short}" for f in flags if f.short and len(f.short) == 1]
        return longs
    if verb is None:
        return list(VISIBLE)
    return _positional(ctx, verb, positionals, ns, typed)


def _flag_values(ctx: _Context, flag: Flag, ns: str, verb: str | None, positionals: list[str],
                 typed: str) -> list[str]:  # fmt: skip
    if flag.name == "namespace":
        return ctx.namespaces()
    if flag.name == "output":
        return list(OUTPUT_FORMATS)
    if flag.name == "filename":
        return ctx.files(typed)
    if flag.name == "container":
        pod = _pod_on_line(verb, positionals)
        return ctx.containers(ns, pod) if pod else []
    return []


def _pod_on_line(verb: str | None, positionals: list[str]) -> str | None:
    if verb in _POD_FIRST and positionals:
        kind, slash, name = positionals[0].rpartition("/")
        if not slash:
            return name
        return name if _resource(kind) is resources.POD else None
    if verb in _TYPE_THEN_NAMES and len(positionals) >= 2 and _resource(positionals[0]) is \
            resources.POD:  # fmt: skip
        return positionals[1]
    return None


def _resource(name: str) -> resources.Resource | None:
    try:
        return resources.lookup(name)
    except Exception:  # noqa: BLE001 - an unknown type simply completes nothing
        return None


def _types(typed: str) -> list[str]:
    plurals = [r.plural for r in resources.ALL_RESOURCES]
    if not any(p.startswith(typed) for p in plurals) and _resource(typed) is not None:
        return [typed]  # an alias typed in full (svc, po, ns): accept it as it is
    return plurals


def _slash_names(ctx: _Context, typed: str, ns: str, only: resources.Resource | None) -> list[str]:
    kind, _, _ = typed.partition("/")
    resource = _resource(kind)
    if resource is None or (only is not None and resource is not only):
        return []
    return [f"{kind}/{name}" for name in ctx.names(resource, ns)]


def _cp_spec(ctx: _Context, positionals: list[str], ns: str, typed: str) -> list[str]:
    """cp's ValidArgsFunction (cp.go): for the source, namespaces with "/" and pods with ":"
    (then local files that match); a path or a remote spec is left to the shell's file
    completion, as is the destination."""
    if positionals or typed[:1] in ("/", ".", "~") or ":" in typed:
        return [] if ":" in typed else ctx.files(typed)
    if "/" in typed:
        namespace = typed.partition("/")[0]
        return [f"{namespace}/{name}:" for name in ctx.names(resources.POD, namespace)]
    comps = [f"{name}/" for name in ctx.namespaces() if name.startswith(typed)]
    comps += [f"{name}:" for name in ctx.names(resources.POD, ns) if name.startswith(typed)]
    if not comps:  # nothing offered: the shell completes files itself
        return ctx.files(typed)
    if typed:
        return comps + [f for f in ctx.files("") if f.startswith(typed)]
    return [*comps, "./", "/"]


def _positional(ctx: _Context, verb: str, positionals: list[str], ns: str, typed: str) -> list[str]:
    if verb in _TYPE_THEN_NAMES:
        if "/" in typed:
            return _slash_names(ctx, typed, ns, None)
        if not positionals:
            return _types(typed)
        first = positionals[0]
        if "/" in first or "," in first:
            return []  # TYPE/NAME forms or several types: nothing to add by name
        resource = _resource(first)
        return ctx.names(resource, ns) if resource else []
    if verb == "cp":
        return _cp_spec(ctx, positionals, ns, typed)
    if verb in _POD_FIRST:
        if not positionals:
            if "/" in typed:
                return _slash_names(ctx, typed, ns, resources.POD)
            return ctx.names(resources.POD, ns)
        if verb == "logs" and len(positionals) == 1:
            pod = _pod_on_line(verb, positionals)
            return ctx.containers(ns, pod) if pod else []
        return []
    if verb == "explain" and not positionals:
        return _types(typed)
    if verb == "create" and not positionals:
        return list(_CREATE_SUBCOMMANDS)
    if verb == "top":
        # `top pod NAME` / `top node NAME`: the subcommand, then names of its kind
        if not positionals:
            return ["node", "pod"]
        if len(positionals) == 1 and positionals[0] in _TOP_KINDS:
            return ctx.names(_TOP_KINDS[positionals[0]], ns)
    return []
