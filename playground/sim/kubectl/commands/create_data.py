"""kubectl create configmap / create secret generic: the object built on the client from
--from-literal, --from-file (files and directories of the learner's terminal) and
--from-env-file, with kubectl 1.32's checks and messages, then created on the server."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Self

from playground.sim import cluster_configdata
from playground.sim.admission import gobase64, names
from playground.sim.admission.configdata import chdir_prefix_errors, config_key_errors
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed

_COMMON = [
    common.OUTPUT,
    common.DRY_RUN,
    common.VALIDATE,
    Flag("save-config", kind="bool", default=False),
    Flag("from-file", kind="list"),
    Flag("from-literal", kind="list", split=False),
    Flag("from-env-file", kind="list"),
    Flag("append-hash", kind="bool", default=False),
    Flag("field-manager", default="kubectl-create"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
]
CONFIGMAP_FLAGS = _COMMON
SECRET_FLAGS = [*_COMMON, Flag("type", default=""),
                # docker-registry's own
                Flag("docker-username", default=""), Flag("docker-password", default=""),
                Flag("docker-email", default=""),
                Flag("docker-server", default="https://index.docker.io/v1/")]
DOCKER_CONFIG_KEY = ".dockerconfigjson"


@dataclass(frozen=True)
class CreateDataOptions:
    """The flags of `create configmap` and `create secret generic|docker-registry`; each verb
    module subclasses it with the kind it builds."""

    KIND: ClassVar[str] = ""

    args: tuple[str, ...]
    dash_at: int | None
    namespaces: common.NamespaceOptions
    output: str
    dry_run_flag: str  # read after the NAME check, where kubectl warns about or rejects it
    save_config: bool
    from_file: tuple[str, ...]
    from_literal: tuple[str, ...]
    from_env_file: tuple[str, ...]
    secret_type: str
    docker_username: str
    docker_password: str
    docker_email: str
    docker_server: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> Self:
        return cls(
            args=tuple(parsed.args),
            dash_at=parsed.dash_at,
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            save_config=bool(parsed["save-config"]),
            from_file=tuple(parsed.get("from-file") or ()),
            from_literal=tuple(parsed.get("from-literal") or ()),
            from_env_file=tuple(parsed.get("from-env-file") or ()),
            secret_type=str(parsed.get("type") or ""),
            docker_username=str(parsed.get("docker-username") or ""),
            docker_password=str(parsed.get("docker-password") or ""),
            docker_email=str(parsed.get("docker-email") or ""),
            docker_server=str(parsed.get("docker-server") or ""),
        )

    def after_subcommand(self) -> Self:
        """The options once a subcommand word (`generic`, ...) is taken off the arguments."""
        return replace(self, args=self.args[1:],
                       dash_at=None if self.dash_at is None else self.dash_at - 1)

    def name(self, command: str) -> str:
        count = self.dash_at if self.dash_at is not None else len(self.args)
        if count != 1:
            raise UsageError(f"exactly one NAME is required, got {count}", command)
        return self.args[0]

    @property
    def given_namespace(self) -> str | None:
        """The namespace the object names: only one -n gave (else the server's default)."""
        return self.namespaces.namespace if self.namespaces.explicit else None


class _Builder:
    """The keys gathered so far, with kubectl's per-kind duplicate and key-name errors."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        self.data: dict[str, str] = {}

    def add(self, key: str, value: str) -> None:
        errs = config_key_errors(key)
        if self.kind == "ConfigMap":
            if errs:
                raise KubectlError(f'"{key}" is not a valid key name for a ConfigMap: '
                                   + ",".join(errs))
            if key in self.data:
                raise KubectlError(f'cannot add key "{key}", another key by that name already '
                                   f'exists in Data for ConfigMap "{self.name}"')
        else:
            if errs:
                raise KubectlError(f'"{key}" is not valid key name for a Secret ' + ";".join(errs))
            if key in self.data:
                raise KubectlError(f"cannot add key {key}, another key by that name already "
                                   "exists")
        self.data[key] = value


def _literal(source: str) -> tuple[str, str]:
    """ParseLiteralSource: split at the first '='; a leading '=' or none is an error."""
    if source.startswith("=") or "=" not in source:
        raise KubectlError(f"invalid literal source {source}, expected key=value")
    key, _, value = source.partition("=")
    return key, value


def _file_source(source: str) -> tuple[str, str]:
    """ParseFileSource: ``path`` (key: its basename) or ``key=path``."""
    count = source.count("=")
    if count == 0:
        return posixpath.basename(source.rstrip("/")) or "/", source
    if count == 1 and source.startswith("="):
        raise KubectlError(f"key name for file path {source[1:]} missing")
    if count == 1 and source.endswith("="):
        raise KubectlError(f"file path for key name {source[:-1]} missing")
    if count > 1:
        raise KubectlError("key names or file paths cannot contain '='")
    key, _, path = source.partition("=")
    return key, path


def _from_files(builder: _Builder, sources: list[str], ctx: Ctx) -> None:
    for source in sources:
        key, path = _file_source(source)
        if ctx.files.is_dir(path):
            if "=" in source:
                raise KubectlError("cannot give a key name for a directory path")
            for entry in sorted(ctx.files.list_dir(path)):
                item = posixpath.normpath(posixpath.join(path, entry))
                if ctx.files.is_dir(item):
                    continue  # only regular files are packaged
                builder.add(entry, ctx.files.read(item) or "")
            continue
        text = ctx.files.read(path)
        if text is None:
            raise KubectlError(f"error reading {path}: no such file or directory")
        builder.add(key, text)


def _from_env_files(builder: _Builder, sources: list[str], ctx: Ctx) -> None:
    for path in sources:
        if ctx.files.is_dir(path):
            what = "config" if builder.kind == "ConfigMap" else "secret"
            raise KubectlError(f"env {what} file cannot be a directory")
        text = ctx.files.read(path)
        if text is None:
            raise KubectlError(f"error reading {path}: no such file or directory")
        for number, raw in enumerate(text.split("\n")):
            if number == len(text.split("\n")) - 1 and raw == "":
                break  # bufio.Scanner: no empty token after the last newline
            line = raw.removesuffix("\r")
            if number == 0:
                line = line.removeprefix("\ufeff")
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, has_value, value = line.partition("=")
            errs = names.env_var_name(key) + chdir_prefix_errors(key)
            if errs:
                raise KubectlError(f'"{key}" is not a valid key name: ' + ";".join(errs))
            # a line without '=' takes the value from kubectl's own environment, which has none
            builder.add(key, value if has_value else "")


def _build(opts: CreateDataOptions, ctx: Ctx, kind: str, name: str) -> dict[str, Any]:
    env_files = list(opts.from_env_file)
    files = list(opts.from_file)
    literals = list(opts.from_literal)
    if not name:
        raise KubectlError("name must be specified")
    if env_files and (files or literals):
        raise KubectlError("from-env-file cannot be combined with from-file or from-literal")
    builder = _Builder(kind, name)
    # kubectl reads the files first for a ConfigMap, the literals first for a Secret
    steps = [("files", files), ("literals", literals)]
    for step, values in (steps if kind == "ConfigMap" else steps[::-1]):
        if step == "files":
            _from_files(builder, values, ctx)
        else:
            for source in values:
                builder.add(*_literal(source))
    _from_env_files(builder, env_files, ctx)
    meta: dict[str, Any] = {"creationTimestamp": None, "name": name}
    if opts.given_namespace is not None:
        meta["namespace"] = opts.given_namespace
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    if builder.data:
        if kind == "ConfigMap":
            obj["data"] = builder.data
        else:
            obj["data"] = {k: gobase64.encode(v.encode()) for k, v in builder.data.items()}
    if kind == "Secret" and opts.secret_type:
        obj["type"] = opts.secret_type
    return obj


def _docker_registry(opts: CreateDataOptions, ctx: Ctx, name: str) -> dict[str, Any]:
    """create secret docker-registry: a dockerconfigjson of one registry's credentials, or
    the files given (each under .dockerconfigjson unless it names its key)."""
    files = [f if "=" in f else f"{DOCKER_CONFIG_KEY}={f}"
             for f in opts.from_file]
    user, password = opts.docker_username, opts.docker_password
    server = opts.docker_server
    if not files and not (user and password and server):
        raise KubectlError("either --from-file or the combination of --docker-username, "
                           "--docker-password and --docker-server is required")
    builder = _Builder("Secret", name)
    if files:
        _from_files(builder, files, ctx)
    else:
        entry = {"username": user, "password": password, "email": opts.docker_email,
                 "auth": gobase64.encode(f"{user}:{password}".encode())}
        config = {"auths": {server: {k: v for k, v in entry.items() if v}}}
        text = json.dumps(config, separators=(",", ":"), ensure_ascii=False)
        for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(ch, esc)  # Go's json.Marshal escapes them
        builder.data[DOCKER_CONFIG_KEY] = text
    meta: dict[str, Any] = {"creationTimestamp": None, "name": name}
    if opts.given_namespace is not None:
        meta["namespace"] = opts.given_namespace
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta,
            "data": {k: gobase64.encode(v.encode()) for k, v in builder.data.items()},
            "type": "kubernetes.io/dockerconfigjson"}


def create_object(opts: CreateDataOptions, ctx: Ctx, command: str) -> int:
    kind = opts.KIND
    name = opts.name(command)
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    out_format = opts.output
    common.check_output(out_format, common.OBJECT_OUTPUTS)
    if command.endswith("docker-registry"):
        obj = _docker_registry(opts, ctx, name)
    else:
        obj = _build(opts, ctx, kind, name)
    ns = opts.namespaces.namespace
    resource = common.mapping(obj, "")
    if opts.save_config:
        annotations = obj["metadata"].setdefault("annotations", {})
        annotations[writes.LAST_APPLIED] = writes.last_applied(obj, ns, resource)
    if dry_run == "client":
        output.print_new_object(ctx, obj, out_format, suffix=" (dry run)")
        return 0
    sent = {**obj, "metadata": {k: v for k, v in obj["metadata"].items()
                                if k != "creationTimestamp"}}
    try:
        created = cluster_configdata.create(ctx.cluster, kind, sent, ns,
                                            dry_run=dry_run == "server")
    except ApiError as exc:
        # kubectl wraps the server's answer: "failed to create configmap: …" (its secret
        # command forgets the colon)
        sep = ": " if kind == "ConfigMap" else " "
        raise KubectlError(f"failed to create {kind.lower()}{sep}{exc.message}") from None
    suffix = " (server dry run)" if dry_run == "server" else ""
    output.print_new_object(ctx, created, out_format, suffix=suffix, server=True)
    return 0
