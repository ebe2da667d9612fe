"""The learner's home directory: files in the sandbox's dict, directories in the shell state."""

from __future__ import annotations

import fnmatch
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from playground.sim.config import SimConfig

HOME = "/home/learner"
DEV_NULL = "/dev/null"
# Directories that exist outside home, so `cd /` or `ls /tmp` do not look broken; all read-only.
# (S108: names shown to the learner, never opened)
SYSTEM_DIRS = {"/", "/home", "/dev", "/tmp", "/etc", "/usr", "/usr/bin", "/usr/local",  # noqa: S108
               "/usr/local/bin", "/bin"}  # fmt: skip
SYSTEM_FILES = {"/etc/hostname": "playground\n"}
_PROC_ROOT = re.compile(r"/proc/[0-9]+/root")


@dataclass(frozen=True)
class Layout:
    """Where a shell's writable files live and what else exists read-only around them.

    The learner's terminal writes only under its home; a container shell (kubectl exec -it)
    owns its whole file system, so ``root`` is ``/`` there.
    """

    home: str = HOME
    root: str = HOME  # every path under it is a key of the files dict
    system_dirs: frozenset[str] = frozenset(SYSTEM_DIRS)
    system_files: tuple[tuple[str, str], ...] = tuple(SYSTEM_FILES.items())
    # a container's root may overwrite the image's files: a write lands in the files dict,
    # which then wins over the image's copy (the learner's terminal keeps them read-only)
    writable_system: bool = False
    # symbolic links of the image (absolute path -> target as written: /bin -> usr/bin)
    links: tuple[tuple[str, str], ...] = ()

    @property
    def files(self) -> dict[str, str]:
        return dict(self.system_files)


HOST_LAYOUT = Layout()


class FsError(Exception):
    """A file operation failed; ``str(e)`` is the errno text ("No such file or directory")."""


class NoSpace(FsError):
    """ENOSPC: the write would take the files past ``SimConfig.max_files_bytes`` in all."""

    def __init__(self, limit: int) -> None:
        super().__init__("No space left on device")
        self.limit = limit


class FileSystem:
    def __init__(
        self, files: dict[str, str], state: dict[str, Any], config: SimConfig,
        layout: Layout = HOST_LAYOUT,
    ) -> None:
        self.files = files
        self.state = state
        self.config = config
        self.layout = layout
        self._system_files = layout.files
        # a link's own path is no directory (the image lists /bin among its root's names):
        # once rm removes the link, nothing is left there
        self._system_dirs = layout.system_dirs - {path for path, _target in layout.links}
        # image files a container's shell removed (its writable layer's whiteouts)
        for path in state.get("removed", ()) if layout.writable_system else ():
            self._system_files.pop(path, None)
        state.setdefault("dirs", [])

    @property
    def links(self) -> dict[str, str]:
        """Symbolic links, absolute path -> target as written: the image's, and those the
        files bring (a kubelet volume's ``..data`` and its names, ``containers.MountedFiles``);
        an image link the shell removed is gone."""
        found = dict(self.layout.links)
        found.update(getattr(self.files, "links", None) or {})
        found.update(self.state.get("links") or {})  # those mv made (a link moved)
        for path in self.state.get("removed", ()) if self.layout.links else ():
            found.pop(path, None)
        return found

    def is_link(self, path: str) -> bool:
        return self.abspath(path) in self.links

    def readlink(self, path: str) -> str | None:
        absolute = self.abspath(path)
        if _PROC_ROOT.fullmatch(absolute) and self.is_dir(absolute):
            # the kernel's magic link to the process's root, as that process sees it
            return "/"
        return self.links.get(absolute)

    def resolve(self, absolute: str) -> str:
        """``absolute`` with every link on its way followed, the kernel's path walk (40 links
        at most, then the path as it stands: ELOOP)."""
        return self._walk(absolute)[0]

    def _walk(self, absolute: str) -> tuple[str, bool]:
        """The resolved path, and whether the walk gave up on a loop of links (ELOOP)."""
        links = self.links
        if not links:
            return absolute, False
        parts = [p for p in absolute.split("/") if p]
        done = "/"
        hops = 0
        while parts:
            step = posixpath.join(done, parts.pop(0))
            if step in links:
                hops += 1
                if hops > 40:
                    return posixpath.join(step, *parts), True
                target = posixpath.normpath(posixpath.join(done, links[step]))
                parts = [p for p in target.split("/") if p] + parts
                done = "/"
            else:
                done = step
        return done, False

    def follow(self, path: str) -> str:
        """The absolute path ``path`` names with its last name's link followed too (what
        open(2) and stat(2) reach); raises FsError on a loop of links."""
        absolute, looped = self._walk(self.abspath(path))
        if looped:
            raise FsError("Too many levels of symbolic links")
        return absolute

    def _target(self, path: str) -> str | None:
        """``follow`` for the checks that answer no on a loop (test -e, is_dir)."""
        try:
            return self.follow(path)
        except FsError:
            return None

    @property
    def cwd(self) -> str:
        cwd: str = self.state.get("cwd", self.layout.home)
        return cwd

    def abspath(self, path: str) -> str:
        """The absolute path with the links among its directories followed (the kernel's walk
        up to the last name); the last name stays as written, for the tools that act on a
        link itself (rm, ls -l, readlink, test -L). ``follow`` follows it too."""
        logical = posixpath.normpath(posixpath.join(self.cwd, path)).replace("//", "/")
        head, name = posixpath.split(logical)
        if not name:
            return logical
        resolved, looped = self._walk(head)
        return logical if looped else posixpath.join(resolved, name)

    def key(self, absolute: str) -> str | None:
        """The files-dict key of an absolute path under the root ("" for the root), else None."""
        root = self.layout.root
        if absolute == root:
            return ""
        prefix = root.rstrip("/") + "/"
        if absolute.startswith(prefix) and not absolute.startswith("/proc/") and (
                self.layout.writable_system or absolute not in self._system_files):
            # /proc is the kernel's: its files, and what /proc/PID/root reaches of another
            # container, are not this shell's to write or remove
            return absolute[len(prefix) :]
        return None

    def is_dir(self, path: str) -> bool:
        absolute = self._target(path)  # a link to a directory is one (stat follows it)
        if absolute is None or absolute in self.links:
            return False
        key = self.key(absolute)
        system = absolute in self._system_dirs and absolute not in self._hidden()
        if key is None or system:
            return system
        if key == "" or key in self.state["dirs"]:
            return True
        return any(name.startswith(key + "/") for name in self.files)

    def is_file(self, path: str) -> bool:
        absolute = self._target(path)
        if absolute is None:
            return False
        key = self.key(absolute)
        if key is None or absolute in self._system_files:
            return absolute in self._system_files or absolute == DEV_NULL
        return key in self.files

    def exists(self, path: str) -> bool:
        return self.is_file(path) or self.is_dir(path)

    def read(self, path: str) -> str:
        absolute = self.follow(path)
        if absolute == DEV_NULL:
            return ""
        key = self.key(absolute)
        if key is not None and key in self.files:
            return self.files[key]
        if absolute in self._system_files:
            return self._system_files[absolute]
        if self.is_dir(absolute):
            raise FsError("Is a directory")
        raise FsError("No such file or directory")

    def check_writable(self, path: str) -> str:
        """The key a write to ``path`` would store under; raises FsError if it cannot be written."""
        absolute = self.follow(path)  # a write through a link lands in its target
        if self.is_dir(absolute):
            raise FsError("Is a directory")
        parent = posixpath.dirname(absolute)
        if not self.is_dir(parent) or (self.key(parent) is None and self.is_file(parent)):
            raise FsError(
                "No such file or directory" if not self.is_file(parent) else "Not a directory"
            )
        key = self.key(absolute)
        if key is None:
            raise FsError("Permission denied")
        if key not in self.files and len(self.files) >= self.config.max_files:
            raise FsError(f"Too many files (limit {self.config.max_files})")
        return key

    def write(self, path: str, text: str, append: bool = False,
              moved_from: str | None = None) -> None:
        """Store ``text`` at ``path``; ``moved_from``: the file ``mv`` removes right after,
        whose bytes this write takes over (a rename needs no space)."""
        if self._target(path) == DEV_NULL:
            return
        key = self.check_writable(path)
        text = unicodedata.normalize("NFC", text)
        if append:  # onto the learner's copy, else the image's own file
            before = self.files.get(key)
            text = (self._system_files.get(self.follow(path), "") if before is None
                    else before) + text
        size = len(text.encode())
        if size > self.config.max_file_bytes:
            raise FsError(f"File too large (limit {self.config.max_file_bytes // 1024} KiB)")
        # Only a write that grows the total is refused: a sandbox already past the budget (from
        # before it, or a smaller setting) can still shrink, empty and delete its files.
        old = len(self.files[key].encode()) if key in self.files else 0
        source = None if moved_from is None else self.key(self.abspath(moved_from))
        if source is not None and source != key and source in self.files:
            old += len(self.files[source].encode())
        if size > old and self.total_bytes() - old + size > self.config.max_files_bytes:
            raise NoSpace(self.config.max_files_bytes)
        self.files[key] = text

    def total_bytes(self) -> int:
        """What the files take in all (UTF-8), the measure of ``max_files_bytes``."""
        return sum(len(text.encode()) for text in self.files.values())

    def remove_file(self, path: str) -> None:
        absolute = self.abspath(path)
        if absolute in self.links:  # unlink(2) removes the link, never what it points to
            self._unlink(absolute)
            return
        key = self.key(absolute)
        if key is not None and key not in self.files and absolute in self._system_files:
            # the image's own file: hidden from now on (writable_system keys it)
            self.state.setdefault("removed", []).append(absolute)
            del self._system_files[absolute]
            return
        if key is None and (absolute in self._system_files or self.is_dir(absolute)):
            raise FsError("Permission denied")
        if key is None or key not in self.files:
            raise FsError("No such file or directory")
        del self.files[key]
        if absolute in self._system_files:  # the learner's copy hid the image's: both go
            self.state.setdefault("removed", []).append(absolute)
            del self._system_files[absolute]

    def _unlink(self, absolute: str) -> None:
        made = self.state.get("links") or {}
        if absolute in made:
            del made[absolute]
        elif absolute in dict(self.layout.links) and self.key(absolute) is not None:
            self.state.setdefault("removed", []).append(absolute)  # the image's link
        else:  # a kubelet volume's link: its files are the kubelet's
            raise FsError("Read-only file system" if self.layout.writable_system
                          else "Permission denied")

    def move_link(self, source: str, target: str, keep: bool = False) -> None:
        """rename(2) of a link: the link itself moves, still pointing where it pointed
        (``keep``: cp -r's copy of it, symlink(2) with the same target)."""
        absolute = self.abspath(source)
        written = self.links[absolute]
        destination = self.abspath(target)
        if self.key(destination) is None:
            raise FsError("Permission denied")
        if not keep:
            self._unlink(absolute)
        removed = self.state.get("removed") or []
        if destination in removed and destination in dict(self.layout.links):
            removed.remove(destination)  # the image's link rm removed: this one takes its place
        self.state.setdefault("links", {})[destination] = written

    def make_dir(self, path: str) -> None:
        absolute = self.abspath(path)
        if self.exists(path) or absolute in self.links:
            raise FsError("File exists")
        parent = posixpath.dirname(absolute)
        if not self.is_dir(parent):
            raise FsError("No such file or directory")
        key = self.key(absolute)
        if key is None:
            raise FsError("Permission denied")
        self.state["dirs"].append(key)

    def _hidden(self) -> set[str]:
        """The image's paths the shell removed (its writable layer's whiteouts)."""
        return set(self.state.get("removed", ()))

    def remove_tree(self, path: str) -> None:
        absolute = self.abspath(path)
        key = self.key(absolute)
        if key is None or key == "":
            raise FsError("Permission denied")
        if self.layout.writable_system:  # the image's own files and folders under it go too
            under = absolute + "/"
            removed = self.state.setdefault("removed", [])
            for name in [n for n in self._system_files if n.startswith(under)]:
                del self._system_files[name]
                removed.append(name)
            removed.extend(p for p in (*self._system_dirs, *dict(self.layout.links))
                           if (p == absolute or p.startswith(under)) and p not in removed)
        for name in [n for n in self.files if n.startswith(key + "/")]:
            del self.files[name]
        self.state["dirs"] = [
            d for d in self.state["dirs"] if d != key and not d.startswith(key + "/")
        ]

    def listdir(self, path: str) -> list[str]:
        """Names directly inside a directory, sorted the way ls sorts them in the C.UTF-8 locale."""
        absolute = self.resolve(self.abspath(path))
        key = self.key(absolute)
        outside = absolute.rstrip("/") + "/"
        system = {
            d[len(outside) :].split("/")[0]
            for d in (self._system_dirs - self._hidden()) | set(self._system_files)
            if d.startswith(outside) and d != outside
        } | {link[len(outside):] for link in self.links if posixpath.dirname(link) == absolute}
        if key is None:
            if absolute == "/home":
                system.add("learner")
            return sorted(system)
        prefix = key + "/" if key else ""
        names = set(system) if self.layout.writable_system else set()
        for name in list(self.files) + list(self.state["dirs"]):
            if name.startswith(prefix) and name != key:
                names.add(name[len(prefix) :].split("/")[0])
        return sorted(names)

    def glob(self, pattern: str) -> list[str]:
        """Pathname expansion of one word, as bash does it (hidden names need an explicit dot)."""
        head, _, tail = pattern.rpartition("/")
        if any(c in head for c in "*?["):
            return []  # only the last path component may be a pattern here
        folder = head if head or not pattern.startswith("/") else "/"
        if not self.is_dir(folder or "."):
            return []
        names = self.listdir(folder or ".")
        if not tail.startswith("."):
            names = [n for n in names if not n.startswith(".")]
        found = [n for n in names if fnmatch.fnmatchcase(n, tail)]
        return [f"{head}/{n}" if head or pattern.startswith("/") else n for n in found]
