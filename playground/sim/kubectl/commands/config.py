"""kubectl config: the sandbox's one kubeconfig (a kubeadm-style admin context).

Only the context's namespace can change (``set-context --current --namespace=…``), which is what
learners use it for; it lives in the sandbox state so every later command defaults to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.kubectl import common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers import yamljson
from playground.sim.tabwriter import format_rows

HELP_PAGE = "config"
EXAMPLES = """  # Set the namespace of the current context
  kubectl config set-context --current --namespace=dev"""

FLAGS = [
    Flag("current", kind="bool", default=False),
    Flag("minify", kind="bool", default=False),
    Flag("raw", kind="bool", default=False),
    Flag("flatten", kind="bool", default=False),
    Flag("no-headers", kind="bool", default=False),
    Flag("user", default=""),
    common.OUTPUT,
]

# Subcommand words (aliases included) and the name cobra gives each in help and flag hints.
SUBCOMMAND_NAMES = {
    "current-context": "current-context", "get-contexts": "get-contexts", "view": "view",
    "set-context": "set-context", "use-context": "use-context", "use": "use-context",
    "get-clusters": "get-clusters", "get-users": "get-users",
}

CLUSTER = "kubernetes"
USER = "kubernetes-admin"
CONTEXT = f"{USER}@{CLUSTER}"
SERVER = "https://192.168.100.100:6443"


def current_namespace(state: dict[str, Any]) -> str:
    """The namespace commands use when -n is not given."""
    return str(state.get("kubeconfig", {}).get("namespace") or "default")


@dataclass(frozen=True)
class ConfigOptions:
    args: tuple[str, ...]
    current: bool
    no_headers: bool
    output: str
    namespace: str
    namespace_given: bool  # set-context changes the namespace only when -n was given

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ConfigOptions:
        return cls(
            args=tuple(parsed.args),
            current=bool(parsed["current"]),
            no_headers=bool(parsed["no-headers"]),
            output=str(parsed["output"]),
            namespace=str(parsed.get("namespace") or ""),
            namespace_given=parsed.was_given("namespace"),
        )


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ConfigOptions.complete(parsed, ctx)
    if not opts.args:
        from playground.sim.kubectl.main import help_text

        ctx.out(help_text("config"))
        return 0
    sub, rest = SUBCOMMAND_NAMES.get(opts.args[0], opts.args[0]), list(opts.args[1:])
    state: dict[str, Any] = ctx.extra.setdefault("kubeconfig", {})
    if sub == "current-context":
        ctx.out(CONTEXT + "\n")
    elif sub == "get-contexts":
        _get_contexts(ctx, state, rest, opts.no_headers, opts.output)
    elif sub == "view":
        _view(ctx, state, opts.output)
    elif sub == "set-context":
        _set_context(ctx, state, opts, rest)
    elif sub == "use-context":
        if len(rest) != 1:
            # kubectl's helpErrorf: the subcommand's help on stdout, then the error
            from playground.sim.kubectl.main import help_text

            ctx.out(help_text("config-use-context"))
            raise KubectlError(f"Unexpected args: [{' '.join(rest)}]")
        name = rest[0]
        if name != CONTEXT:
            raise KubectlError(f'no context exists with the name: "{name}"')
        ctx.out(f'Switched to context "{CONTEXT}".\n')
    elif sub == "get-clusters":
        ctx.out(f"NAME\n{CLUSTER}\n")
    elif sub == "get-users":
        ctx.out(f"NAME\n{USER}\n")
    else:
        raise KubectlError(
            f"`kubectl config {sub}` is not available in this playground; it has one cluster, "
            "one user and one context (set-context --current --namespace=… works)"
        )
    return 0


def _get_contexts(
    ctx: Ctx, state: dict[str, Any], names: list[str], no_headers: bool, output: str
) -> None:
    if output == "name":
        ctx.out(CONTEXT + "\n")
        return
    rows = [] if no_headers else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
    missing = [n for n in names if n != CONTEXT]
    if not names or CONTEXT in names:
        rows.append(["*", CONTEXT, CLUSTER, USER, str(state.get("namespace") or "")])
    ctx.out(format_rows(rows))
    if missing:
        raise KubectlError(f"context {missing[0]} not found")


# The formats `kubectl config view -o` accepts (its printer flags have no table and no wide).
VIEW_OUTPUTS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json",
                "jsonpath-file", "name", "template", "templatefile", "yaml")


def _view(ctx: Ctx, state: dict[str, Any], output: str) -> None:
    common.check_output(output, VIEW_OUTPUTS)
    context: dict[str, Any] = {"cluster": CLUSTER, "user": USER}
    if state.get("namespace"):
        context["namespace"] = state["namespace"]
    doc = {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority-data": "DATA+OMITTED",
                                  "server": SERVER}, "name": CLUSTER}],
        "contexts": [{"context": context, "name": CONTEXT}],
        "current-context": CONTEXT,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": USER, "user": {"client-certificate-data": "DATA+OMITTED",
                                          "client-key-data": "DATA+OMITTED"}}],
    }
    if output.startswith("jsonpath"):
        from playground.sim.kubectl import output as printing

        ctx.out(printing.render_jsonpath(output.partition("=")[2], doc))
    elif output.startswith("go-template="):
        from playground.sim.kubectl import output as printing

        ctx.out(printing.render_go_template(ctx, output.partition("=")[2], doc))
    elif output == "json":
        ctx.out(yamljson.to_json(doc))
    else:
        ctx.out(yamljson.to_yaml(doc))


def _set_context(ctx: Ctx, state: dict[str, Any], opts: ConfigOptions, names: list[str]) -> None:
    if not opts.current and names != [CONTEXT]:
        raise KubectlError(
            "you must specify a non-empty context name or --current"
            if not names else f"the playground has only the context {CONTEXT}"
        )
    if opts.namespace_given:
        state["namespace"] = opts.namespace
    ctx.out(f'Context "{CONTEXT}" modified.\n')
