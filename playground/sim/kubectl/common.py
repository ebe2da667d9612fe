"""Pieces several verbs share: namespaces, -f files, TYPE/NAME arguments, dry-run, -o checks."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from playground.sim import selectors
from playground.sim.admission.manifests import ManifestError, load_documents
from playground.sim.kubectl import resources, url_source
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource

FILENAME = Flag("filename", "f", kind="list", help="Filename, directory, or URL to files")
RECURSIVE = Flag("recursive", "R", kind="bool", default=False)
OUTPUT = Flag("output", "o", default="")
SELECTOR = Flag("selector", "l", default="")
DRY_RUN = Flag("dry-run", default="none", no_value="unchanged")
VALIDATE = Flag("validate", default="strict", no_value="strict")

_MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")

# The -o forms of kubectl's object printers (every verb that prints objects but not tables).
OBJECT_OUTPUTS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json",
                  "jsonpath-file", "name", "template", "templatefile", "yaml")

# What kubectl says when a verb that needs objects got neither arguments nor -f.
NO_RESOURCES_GIVEN = (
    "You must provide one or more resources by argument or filename.\n"
    "Example resource specifications include:\n"
    "   '-f rsrc.yaml'\n"
    "   '--filename=rsrc.json'\n"
    "   '<resource> <name>'\n"
    "   '<resource>'"
)


def gvr(resource: Resource | None) -> str:
    """A GroupVersionResource as Go prints it: ``/v1, Resource=pods``."""
    if resource is None:
        return "/v1, Resource=pods"
    version = resource.api_version if "/" in resource.api_version else "/" + resource.api_version
    return f"{version}, Resource={resource.plural}"


def list_error(
    resource: Resource | None, label_selector: str, field_selector: str, detail: str
) -> RawError:
    """A BadRequest to a list call, as kubectl's resource builder wraps it (cli-runtime)."""
    return RawError(
        f'Error from server (BadRequest): Unable to find "{gvr(resource)}" that match label '
        f'selector "{label_selector}", field selector "{field_selector}": {detail}\n'
    )


def with_labels(
    objs: list[dict[str, Any]], selector: str, resource: Resource
) -> list[dict[str, Any]]:
    """The objects a ``-l`` selector picks, or the server's BadRequest for a bad selector."""
    if not selector:
        return objs
    try:
        chosen = selectors.parse(selector)
    except selectors.SelectorError as exc:
        raise list_error(resource, selector, "", str(exc)) from None
    return [o for o in objs if chosen.matches(o["metadata"].get("labels") or {})]


def namespace(parsed: Parsed, ctx: Ctx) -> str:
    value = parsed.get("namespace")
    return str(value) if value else ctx.namespace


@dataclass(frozen=True)
class NamespaceOptions:
    """The namespace a verb works in, and whether -n said so (a file's own must then agree)."""

    namespace: str
    explicit: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> NamespaceOptions:
        return cls(namespace=namespace(parsed, ctx), explicit=parsed.was_given("namespace"))

    def of_object(self, obj: dict[str, Any]) -> str:
        """The namespace a manifest object goes to; an explicit -n must agree with the file's."""
        meta = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
        own = str(meta.get("namespace") or "")
        if own and self.explicit and own != self.namespace:
            raise KubectlError(
                f'the namespace from the provided object "{own}" does not match the namespace '
                f'"{self.namespace}". You must pass \'--namespace={own}\' to perform this '
                "operation."
            )
        return own or self.namespace


def object_namespace(obj: dict[str, Any], parsed: Parsed, ctx: Ctx) -> str:
    """The namespace a manifest object goes to; an explicit -n must agree with the file's."""
    return NamespaceOptions.complete(parsed, ctx).of_object(obj)


def dry_run_mode(parsed: Parsed, ctx: Ctx) -> str:
    """``none``, ``client`` or ``server``; a bare --dry-run is client with kubectl's warning."""
    return dry_run_from(str(parsed.get("dry-run", "none")), ctx)


def dry_run_from(value: str, ctx: Ctx) -> str:
    """The --dry-run value as a mode; kept apart from completion because the warning and the
    error come at the point of the verb's checks where kubectl reads the flag."""
    if value == "unchanged":
        warn = "--dry-run is deprecated and can be replaced with --dry-run=client."
        ctx.err(ctx.klog("W", warn) if ctx.klog else f"{warn}\n")
        return "client"
    if value in ("true",):
        return "client"
    if value in ("false",):
        return "none"
    if value not in ("none", "client", "server"):
        raise KubectlError(
            f'Invalid dry-run value ({value}). Must be "none", "server", or "client".'
        )
    return value


@dataclass
class Source:
    """One file given with -f (``-`` for stdin) and the objects it holds."""

    name: str
    objects: list[dict[str, Any]]


@dataclass(frozen=True)
class FilenameOptions:
    """-f (repeatable, ``-`` for stdin), -R and -k, as kubectl's resource.FilenameOptions."""

    filenames: tuple[str, ...]
    kustomize: str
    recursive: bool

    @classmethod
    def complete(cls, parsed: Parsed) -> FilenameOptions:
        return cls(
            filenames=tuple(parsed.get("filename") or ()),
            kustomize=str(parsed.get("kustomize") or ""),
            recursive=bool(parsed.get("recursive")),
        )

    def read(self, ctx: Ctx) -> list[Source]:
        sources: list[Source] = []
        if self.kustomize:
            if self.filenames:
                raise KubectlError("only one of -f or -k can be specified")
            from playground.sim.kubectl import kustomize  # only -k needs it

            return [Source(self.kustomize, kustomize.build(self.kustomize, ctx))]
        for name in self.filenames:
            for path, text in _expand(name, ctx, self.recursive):
                try:
                    objects = load_documents(text, path)
                except ManifestError as exc:
                    raise KubectlError(exc.message, prefix=exc.prefix) from None
                sources.append(Source(path, objects))
        return sources


def read_sources(parsed: Parsed, ctx: Ctx) -> list[Source]:
    return FilenameOptions.complete(parsed).read(ctx)


def _expand(name: str, ctx: Ctx, recursive: bool) -> list[tuple[str, str]]:
    if name == "-":
        return [("STDIN", ctx.stdin or "")]
    if name.startswith(("http://", "https://")):
        return [(name, url_source.read(name))]
    if ctx.files.is_dir(name):
        out: list[tuple[str, str]] = []
        for entry in sorted(ctx.files.list_dir(name)):
            path = posixpath.join(name, entry)
            if ctx.files.is_dir(path):
                if recursive:
                    out.extend(_expand(path, ctx, recursive))
                continue
            if path.endswith(_MANIFEST_SUFFIXES):
                out.extend(_expand(path, ctx, recursive))
        if not out:
            raise KubectlError(f'error reading [{name}]: recognized file extensions are '
                               '[.json .yaml .yml]')
        return out
    text = ctx.files.read(name)
    if text is None:
        raise KubectlError(f'the path "{name}" does not exist')
    return [(name, text)]


def mapping(obj: dict[str, Any], source: str) -> Resource:
    """The resource of a manifest's kind/apiVersion, or kubectl's mapping error."""
    kind = str(obj.get("kind", ""))
    version = str(obj.get("apiVersion", ""))
    resource = resources.by_kind(kind)
    if resource is None or version != resource.api_version:
        meta = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
        name, ns = meta.get("name", ""), meta.get("namespace", "")
        raise KubectlError(
            f'resource mapping not found for name: "{name}" namespace: "{ns}" from "{source}": '
            f'no matches for kind "{kind}" in version "{version}"\n'
            "ensure CRDs are installed first"
        )
    return resource


@dataclass
class Target:
    resource: Resource
    names: list[str]  # empty: every object of the type
    typed_with_slash: bool = False


def parse_targets(args: list[str], command: str) -> list[Target]:
    """kubectl's ``TYPE[,TYPE] [NAME...]`` or ``TYPE/NAME ...`` argument forms."""
    if not args:
        return []
    if any("/" in a for a in args):
        targets: list[Target] = []
        for arg in args:
            if "/" not in arg:
                raise UsageError(
                    "there is no need to specify a resource type as a separate argument when "
                    "passing arguments in resource/name form (e.g. 'kubectl get "
                    "resource/<resource_name>' instead of 'kubectl get resource "
                    "resource/<resource_name>'",
                    command,
                )
            kind, _, name = arg.partition("/")
            if "/" in name:
                raise KubectlError(
                    "arguments in resource/name form may not have more than one slash"
                )
            if not kind or not name:
                raise KubectlError(
                    "arguments in resource/name form must have a single resource and name"
                )
            targets.append(Target(resources.lookup(kind), [name], True))
        return targets
    # SplitResourceArgument: repeated (same spelling) types are dropped; an empty one is
    # looked up like any other (and is not found)
    kinds = list(dict.fromkeys(args[0].split(",")))
    expanded: list[Resource] = []
    for kind in kinds:
        if kind.lower() == "all":
            expanded.extend(resources.ALL_CATEGORY)
        else:
            expanded.append(resources.lookup(kind))
    names = args[1:]
    if "" in names:
        raise KubectlError("resource name may not be empty")
    return [Target(r, list(names)) for r in expanded]


def check_output(value: str, allowed: tuple[str, ...]) -> None:
    name = value.split("=", 1)[0]
    if value and name not in allowed:
        raise KubectlError(
            f'unable to match a printer suitable for the output format "{value}", '
            f"allowed formats are: {','.join(sorted(allowed))}"
        )


EMPTY_NAME = "resource name may not be empty"


def manifest_name(obj: dict[str, Any], message: str = EMPTY_NAME) -> str:
    """The name of an object from -f; kubectl's builder refuses one without (a generateName
    only means something to create)."""
    meta = obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    if not name:
        raise KubectlError(message)
    return str(name)
