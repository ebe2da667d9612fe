"""The kubelet's atomic-writer layout of a volume it fills (downwardAPI, configMap, secret,
projected): pkg/volume/util/atomic_writer.go.

The payload goes into a timestamped directory ``..2006_01_02_15_04_05.<random>`` (Go's
``os.MkdirTemp`` with that UTC time layout as the pattern, so a random decimal uint32 follows
the dot); ``..data`` is a symbolic link to it, and each top-level name of the payload is a link
``name -> ..data/name`` in the volume's root. An update writes a new directory and swaps
``..data``, so a reader never sees half a payload.

One function for every such volume: downwardAPI, configMap, secret and projected volumes all
go through ``for_pod``; ``links_in`` finds the links again in the files a volume shows, for
``ls -l`` and ``readlink``. The directory is named for the pod's creation (the mount); an
update keeps that name here, where the kubelet would write a new directory.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.sim.timefmt import parse_rfc3339

DATA_LINK = "..data"


@dataclass(frozen=True)
class AtomicDir:
    """One volume's directory: the payload's files under ``data_dir``, and the links."""

    data_dir: str  # "..2026_11_23_14_45_33.571473285"
    files: dict[str, str]  # path under data_dir -> content
    links: dict[str, str]  # name in the volume's root -> link target

    def readable(self) -> dict[str, str]:
        """Every path a reader can open, links followed: ``data_dir/p``, ``..data/p`` and
        ``p`` itself, for a file system model without links."""
        out: dict[str, str] = {}
        for path, text in self.files.items():
            out[f"{self.data_dir}/{path}"] = out[f"{DATA_LINK}/{path}"] = out[path] = text
        return out


def data_dir_name(written_at: datetime, seed: str) -> str:
    """``..`` + the UTC time as ``2006_01_02_15_04_05.`` + MkdirTemp's random number (drawn
    from ``seed`` here, so a replay names it the same)."""
    random = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big")
    return written_at.strftime("..%Y_%m_%d_%H_%M_%S.") + str(random)


def for_pod(record: dict[str, Any], volume: dict[str, Any],
            payload: dict[str, str]) -> dict[str, str]:
    """Every readable path of ``volume``'s directory for the pod (``AtomicDir.readable``),
    written when the kubelet mounted it: the pod's creation stands for that instant."""
    meta = record["metadata"]
    created = parse_rfc3339(str(meta.get("creationTimestamp") or "1970-01-01T00:00:00Z"))
    written = datetime.fromtimestamp(created, UTC)
    return layout(payload, written, f"{meta.get('uid')}/{volume.get('name')}").readable()


def links_in(files: dict[str, str]) -> dict[str, str]:
    """The links of a volume's root from the paths it shows: ``..data`` -> the timestamped
    directory, and each top-level name of the payload -> ``..data/name``."""
    data_dir = next((k.split("/", 1)[0] for k in files
                     if k.startswith("..") and not k.startswith(DATA_LINK + "/")), None)
    if data_dir is None:
        return {}
    found = {DATA_LINK: data_dir}
    for key in files:
        top = key.split("/", 1)[0]
        if not top.startswith(".."):
            found[top] = f"{DATA_LINK}/{top}"
    return found


def layout(payload: dict[str, str], written_at: datetime, seed: str) -> AtomicDir:
    """The directory the kubelet leaves for ``payload`` (relative path -> content)."""
    files = {posixpath.normpath(p): text for p, text in payload.items()}
    data_dir = data_dir_name(written_at, seed)
    links = {DATA_LINK: data_dir}
    for path in files:
        top = path.split("/", 1)[0]  # createUserVisibleFiles links the first component only
        links[top] = f"{DATA_LINK}/{top}"
    return AtomicDir(data_dir, files, links)
