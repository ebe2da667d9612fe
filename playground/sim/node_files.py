"""A node's own file system, as a ``hostPath`` volume shows it inside a container.

`kubectl debug node/NAME` mounts the node's root at ``/host``. The simulated nodes run Ubuntu
22.04 with containerd and the kubelet (their ``nodeInfo``): their root has the usual
top-level directories, the node's hostname and OS release, and the kubelet's and containerd's
directories. What a container writes through a hostPath volume stays on the node (kept per
node in the sandbox state), so another pod on the same node mounting it sees it.
"""

from __future__ import annotations

import posixpath
from typing import Any

# Top-level directories of an Ubuntu 22.04 node, and the ones the kubelet and containerd add.
ROOT_DIRS = ("bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32",
             "lost+found", "media", "mnt", "opt", "proc", "root", "run", "sbin", "snap", "srv",
             "sys", "tmp", "usr", "var")
_MORE_DIRS = ("etc/kubernetes/manifests", "etc/containerd", "var/lib/kubelet/pods",
              "var/lib/containerd", "var/log/pods", "var/log/containers", "opt/cni/bin",
              "etc/cni/net.d", "usr/bin", "usr/local/bin")

_OS_RELEASE = """PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
"""


def _base_files(node: str) -> dict[str, str]:
    return {"etc/hostname": node + "\n", "etc/os-release": _OS_RELEASE}


def root(state: dict[str, Any], node: str) -> dict[str, str]:
    """The node's files (keys relative to its root), created on first use."""
    nodes: dict[str, dict[str, str]] = state.setdefault("node_files", {})
    if node not in nodes:
        nodes[node] = _base_files(node)
    return nodes[node]


def host_path(state: dict[str, Any], node: str, path: str) -> tuple[dict[str, str], list[str]]:
    """What a hostPath volume of ``path`` on ``node`` holds: its files (a view kept on the
    node) and the directories under it, relative to the mount."""
    inner = posixpath.normpath("/" + path).lstrip("/")
    if inner:
        # a directory below the root is a store of its own on that node
        nodes: dict[str, dict[str, str]] = state.setdefault("node_files", {})
        return nodes.setdefault(f"{node}:{inner}", {}), []
    return root(state, node), [*ROOT_DIRS, *_MORE_DIRS]
