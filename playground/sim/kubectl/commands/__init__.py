"""The kubectl verbs, one module each, registered in one table grouped like ``kubectl --help``."""

from __future__ import annotations

from types import ModuleType

from playground.sim.kubectl.commands import (
    annotate,
    api_resources,
    api_versions,
    apply,
    attach,
    cluster_info,
    config,
    cp,
    create,
    debug,
    delete,
    describe,
    diff,
    edit,
    events,
    exec_,
    explain,
    expose,
    get,
    label,
    logs,
    patch,
    port_forward,
    replace,
    run,
    set_,
    top,
    unsupported,
    version,
    wait,
)

# Group titles as `kubectl --help` prints them; the verbs the sandbox implements.
GROUPS: dict[str, dict[str, ModuleType]] = {
    "Basic Commands (Beginner):": {"create": create, "expose": expose, "run": run},
    "Basic Commands (Intermediate):": {
        "explain": explain, "get": get, "edit": edit, "set": set_, "delete": delete,
    },
    "Troubleshooting and Debugging Commands:": {
        "describe": describe, "logs": logs, "events": events, "attach": attach, "exec": exec_,
        "port-forward": port_forward, "cp": cp, "debug": debug,
    },
    "Advanced Commands:": {"diff": diff, "apply": apply, "patch": patch, "replace": replace},
    "Settings Commands:": {"label": label, "annotate": annotate},
    "Cluster Management Commands:": {"cluster-info": cluster_info, "top": top},
    "Other Commands:": {
        "api-resources": api_resources, "api-versions": api_versions, "config": config,
        "version": version,
        "wait": wait,
    },
}

COMMANDS: dict[str, ModuleType] = {
    name: module for group in GROUPS.values() for name, module in group.items()
}
# Verbs a real kubectl has that this cluster does not simulate: they answer with a clear note.
for _name in unsupported.VERBS:
    COMMANDS.setdefault(_name, unsupported.for_verb(_name))

# Every real top-level command, sorted (what `kubectl <TAB>` offers).
VISIBLE: tuple[str, ...] = tuple(sorted(set(COMMANDS)))

# kubectl v1.32's top-level commands in the order its root command registers them (cmd.go: the
# help groups in order, then config, plugin, version, api-versions, api-resources, options):
# cobra walks them in this order when it suggests neighbours of a mistyped verb.
REGISTRATION_ORDER: tuple[str, ...] = (
    "create", "expose", "run", "set",
    "explain", "get", "edit", "delete",
    "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint",
    "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events",
    "diff", "apply", "patch", "replace", "wait", "kustomize",
    "label", "annotate", "completion",
    "config", "plugin", "version", "api-versions", "api-resources", "options",
)
# Words a command's cobra definition lists in SuggestFor: offered for that exact word too.
SUGGEST_FOR: dict[str, tuple[str, ...]] = {
    "get": ("list", "ps"),
    "delete": ("rm",),
    "wait": ("list", "ps"),
}
