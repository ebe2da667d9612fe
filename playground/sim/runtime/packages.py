"""The images' package managers: ``apt-get``/``apt`` on Debian layers, ``apk`` on Alpine ones.

What they install lives in the container's writable layer (the per-run storage of
``containers.pod_storage``, next to the files the container wrote): a restarted container is a
new one from its image, without them, as on a real node. The simulated nodes reach the
distributions' mirrors (a cluster with egress). The releases, packages and sizes are data
(``data/packages.json``); a layer without an entry there has no simulated package manager (the
shell says the program is not available in the playground yet)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from playground.sim.images import Image
from playground.sim.shell import Io

CommandFn = Callable[[list[str], "str | None", Io], int]
_YES = ("", "y", "yes")
# the command that takes a terminal session's next line as the answer to apt's question (a
# name no learner can type: a NUL never reaches the shell)
ANSWER = "\0answer"


@cache
def _data() -> dict[str, Any]:
    text = resources.files("playground.sim.data").joinpath("packages.json").read_text("utf-8")
    return dict(json.loads(text))


def release(image: Image | None) -> dict[str, Any] | None:
    """The package data of the image's operating-system layer (None: none simulated)."""
    return _data()["releases"].get(image.base) if image is not None else None


def layer(storage: dict[str, Any]) -> dict[str, Any]:
    """The package state of one container run: {"lists": bool, "installed": [names]}."""
    return storage.setdefault("packages", {"lists": False, "installed": []})


def programs(image: Image | None, storage: dict[str, Any]) -> frozenset[str]:
    """The programs the run's installed packages put on PATH."""
    rel = release(image)
    if rel is None:
        return frozenset()
    pkgs = rel["packages"]
    return frozenset(p for name in layer(storage)["installed"]
                     for p in pkgs.get(name, {}).get("programs", ()))


def _present(image: Image, storage: dict[str, Any]) -> set[str]:
    own = _data()["images"].get(image.repository, {}).get("present", [])
    return {*own, *layer(storage)["installed"]}


def commands(image: Image | None, storage: Callable[[], dict[str, Any]], is_root: bool,
             shell_state: Callable[[], dict[str, Any]], on_install: Callable[[], None]
             ) -> dict[str, CommandFn]:
    """``apt-get``/``apt`` or ``apk`` for a container of ``image`` whose run keeps its state in
    ``storage()``; a question apt asks waits in ``shell_state()`` for the session's next line
    (an empty dict: no terminal, stdin is at its end); ``on_install`` refreshes the shell's
    PATH after an installation."""
    rel = release(image)
    if image is None or rel is None:
        return {}
    if rel["manager"] == "apk":
        def apk(argv: list[str], stdin: str | None, io: Io) -> int:
            del stdin
            return _apk(argv, io, image, rel, storage(), is_root, on_install)
        return {"apk": apk}

    def apt_get(argv: list[str], stdin: str | None, io: Io) -> int:
        del stdin
        return _apt(argv, io, image, rel, storage(), is_root, shell_state(), on_install)
    return {"apt-get": apt_get, "apt": apt_get}


# ------------------------------------------------------------------ apt
_LOCK = ("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
         "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
         "are you root?\n")
_LISTS_LOCK = ("E: Could not open lock file /var/lib/apt/lists/lock - open "
               "(13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n")


def _apt(argv: list[str], io: Io, image: Image, rel: dict[str, Any], storage: dict[str, Any],
         is_root: bool, shell_state: dict[str, Any], on_install: Callable[[], None]) -> int:
    words = [a for a in argv[1:] if not a.startswith("-")]
    assume_yes = any(a in ("-y", "--yes", "--assume-yes", "-qy", "-yq") for a in argv[1:])
    if not words:
        io.write_out("apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n")
        return 1
    if words[0] == "update":
        if not is_root:
            io.write_out(f"Reading package lists...{' Done' if shell_state else ''}\n")
            io.write_err(_LISTS_LOCK)
            return 100
        io.write_out("".join(f"Get:{i} {where} [{size}]\n"
                             for i, (where, size) in enumerate(rel["update"], 1)))
        io.write_out(f"Fetched {rel['update_fetched']} in 1s ({rel['update_fetched']}/s)\n"
                     f"Reading package lists...{' Done' if shell_state else ''}\n")
        layer(storage)["lists"] = True
        return 0
    if words[0] != "install":
        io.write_err(f"E: Invalid operation {words[0]}\n")
        return 100
    if not is_root:
        io.write_err(_LOCK)
        return 100
    # apt says Done after each step on a terminal only
    done = " Done" if shell_state else ""
    io.write_out(f"Reading package lists...{done}\nBuilding dependency tree...{done}\n"
                 f"Reading state information...{done}\n")
    pkgs = rel["packages"]
    present = _present(image, storage)
    known = set(pkgs) if layer(storage)["lists"] else present
    for name in words[1:]:
        if name not in known:
            io.write_err(f"E: Unable to locate package {name}\n")
            return 100
    for name in words[1:]:
        if name in present:
            io.write_out(f"{name} is already the newest version ({pkgs[name]['version']}).\n")
    plan = _closure([n for n in words[1:] if n not in present], pkgs, present)
    if plan:
        extra = [n for n in plan if n not in words[1:]]
        suggested = sorted({s for n in plan for s in pkgs[n].get("suggests", ())} - set(plan))
        if extra:
            io.write_out("The following additional packages will be installed:\n"
                         + _wrapped(sorted(extra)))
        if suggested:
            io.write_out("Suggested packages:\n" + _wrapped(suggested))
        io.write_out(("The following NEW packages will be installed:\n" if len(plan) > 1 else
                      "The following NEW package will be installed:\n") + _wrapped(sorted(plan)))
    io.write_out(f"0 upgraded, {len(plan)} newly installed, 0 to remove and 0 not upgraded.\n")
    if not plan:
        return 0
    kb = sum(int(pkgs[n]["kb"]) for n in plan)
    io.write_out(f"Need to get {kb} kB of archives.\nAfter this operation, "
                 f"{sum(int(pkgs[n]['installed_kb']) for n in plan)} kB of additional disk "
                 "space will be used.\n")
    if extra and not assume_yes:
        # apt asks before installing what was not asked for; the answer is the next line
        io.write_out("Do you want to continue? [Y/n] ")
        if not shell_state:  # no terminal: apt reads the end of its input
            io.write_out("Abort.\n")
            return 1
        shell_state["question"] = {"kind": "apt", "plan": plan}
        return 0
    return _apt_fetch(io, image, rel, storage, plan, on_install)


def answer(shell_state: dict[str, Any], line: str, io: Io, image: Image | None,
           storage: dict[str, Any], on_install: Callable[[], None]) -> int:
    """The learner's answer to apt's ``Do you want to continue? [Y/n]``."""
    question = shell_state.pop("question")
    rel = release(image)
    if image is None or rel is None or line.strip().lower() not in _YES:
        io.write_out("Abort.\n")
        return 1
    return _apt_fetch(io, image, rel, storage, list(question["plan"]), on_install)


def _apt_fetch(io: Io, image: Image, rel: dict[str, Any], storage: dict[str, Any],
               plan: list[str], on_install: Callable[[], None]) -> int:
    pkgs, arch = rel["packages"], rel["arch"]
    kb = sum(int(pkgs[n]["kb"]) for n in plan)
    io.write_out("".join(
        f"Get:{i} {rel['pool']} {arch} {n} {arch} {pkgs[n]['version']} [{pkgs[n]['kb']} kB]\n"
        for i, n in enumerate(plan, 1)))
    io.write_out(f"Fetched {kb} kB in 0s ({kb * 8} kB/s)\n")
    files = _data()["images"].get(image.repository, {}).get("dpkg_files", 6094)
    for i, n in enumerate(plan):
        full = f"{n}:{arch}" if pkgs[n].get("multiarch") else n
        version = pkgs[n]["version"]
        io.write_out(f"Selecting previously unselected package {full}.\n")
        if i == 0:
            io.write_out(f"(Reading database ... {files} files and directories currently "
                         "installed.)\n")
        io.write_out(f"Preparing to unpack .../{n}_{version.replace(':', '%3a')}_{arch}.deb "
                     f"...\nUnpacking {full} ({version}) ...\n")
    for n in plan:
        full = f"{n}:{arch}" if pkgs[n].get("multiarch") else n
        io.write_out(f"Setting up {full} ({pkgs[n]['version']}) ...\n")
    if any(pkgs[n].get("shared_library") for n in plan):
        io.write_out(f"Processing triggers for libc-bin ({rel['libc_bin']}) ...\n")
    layer(storage)["installed"].extend(n for n in plan if n not in layer(storage)["installed"])
    on_install()
    return 0


def _closure(wanted: list[str], pkgs: dict[str, Any], present: set[str]) -> list[str]:
    """What installing ``wanted`` brings: each package after its dependencies, then what it
    recommends (apt installs recommends by default)."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in present or name in order or name not in pkgs:
            return
        for dep in pkgs[name].get("depends", ()):
            visit(dep)
        order.append(name)
        for rec in pkgs[name].get("recommends", ()):
            visit(rec)

    for name in wanted:
        visit(name)
    return order


def _wrapped(names: list[str], width: int = 80) -> str:
    """apt's package lists: two spaces in, words wrapped before the terminal's width."""
    lines, line = [], " "
    for name in names:
        if len(line) + 1 + len(name) >= width:
            lines.append(line)
            line = " "
        line += " " + name
    lines.append(line)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ apk
def _apk(argv: list[str], io: Io, image: Image, rel: dict[str, Any], storage: dict[str, Any],
         is_root: bool, on_install: Callable[[], None]) -> int:
    words = [a for a in argv[1:] if not a.startswith("-")]
    if not words or words[0] not in ("update", "add"):
        io.write_err("apk-tools 2.14.6, compiled for x86_64.\n\n"
                     "usage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")
        return 1
    if not is_root:
        io.write_err("ERROR: Unable to lock database: Permission denied\n"
                     "ERROR: Failed to open apk database: Permission denied\n")
        return 99
    state = layer(storage)
    pkgs = rel["packages"]
    if not state["lists"] or words[0] == "update":
        # apk fetches the indexes it lacks before it adds anything
        io.write_out("".join(f"fetch {r}/{rel['arch']}/APKINDEX.tar.gz\n"
                             for r in rel["repositories"]))
        state["lists"] = True
    if words[0] == "update":
        io.write_out("".join(f"{rel['index']} [{r}]\n" for r in rel["repositories"]))
        io.write_out(f"OK: {rel['distinct']} distinct packages available\n")
        return 0
    aliases = rel.get("aliases", {})
    wanted = [aliases.get(n, n) for n in words[1:]]
    missing = [n for n in words[1:] if aliases.get(n, n) not in pkgs]
    if missing:
        io.write_err("ERROR: unable to select packages:\n" + "".join(
            f"  {n} (no such package):\n    required by: world[{n}]\n" for n in missing))
        return 1
    plan = _closure(wanted, pkgs, set(state["installed"]))
    for i, n in enumerate(plan, 1):
        io.write_out(f"({i}/{len(plan)}) Installing {n} ({pkgs[n]['version']})\n")
    state["installed"].extend(plan)
    base = _data()["images"]["alpine-3.21"]
    count = int(base["apk_packages"]) + len(state["installed"])
    mib = int(base["apk_mib"]) + sum(int(pkgs[n]["installed_kb"])
                                     for n in state["installed"]) // 1024
    if plan:
        io.write_out("Executing busybox-1.37.0-r8.trigger\n")
    io.write_out(f"OK: {mib} MiB in {count} packages\n")
    on_install()
    return 0
