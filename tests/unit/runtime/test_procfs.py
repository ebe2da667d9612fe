"""A container's /proc (#16): the mount table runc and containerd's CRI make from the pod's
spec, nginx's memory map in the kernel's format, /proc/PID/root in a shared PID namespace."""

from __future__ import annotations

from typing import Any

from playground.sim.clock import FixedClock
from playground.sim.runtime import procfs
from playground.sim.sandbox import Sandbox


def _pod(mounts: list[dict[str, Any]], volumes: list[dict[str, Any]],
         limits: dict[str, str] | None = None) -> dict[str, Any]:
    container = {"name": "c", "image": "nginx", "volumeMounts": mounts,
                 "resources": {"limits": limits} if limits else {}}
    return {"metadata": {"uid": "u1", "name": "p"}, "_sim": {"node": "node2"},
            "spec": {"containers": [container], "volumes": volumes}}


def _targets(table: str) -> list[str]:
    return [line.split()[1] for line in table.splitlines()]


def test_binds_follow_runc_order_by_depth_then_the_masked_paths() -> None:
    pod = _pod([{"name": "html", "mountPath": "/usr/share/nginx/html"},
                {"name": "tok", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                 "readOnly": True}],
               [{"name": "html", "emptyDir": {}}, {"name": "tok", "projected": {"sources": []}}])
    table = procfs.mounts(pod, pod["spec"]["containers"][0], "nginx:latest", "3389124Ki",
                          {"/var/run": "/run"})
    assert _targets(table)[:14] == [
        "/", "/proc", "/dev", "/dev/pts", "/dev/mqueue", "/sys", "/sys/fs/cgroup",
        "/etc/hostname", "/etc/resolv.conf", "/dev/shm", "/etc/hosts", "/dev/termination-log",
        "/usr/share/nginx/html", "/run/secrets/kubernetes.io/serviceaccount"]
    lines = table.splitlines()
    assert lines[0].startswith("overlay / overlay rw,relatime,lowerdir=")
    assert ",upperdir=" in lines[0] and ",workdir=" in lines[0]
    assert lines[12] == ("/dev/sda1 /usr/share/nginx/html ext4 "
                         "rw,relatime,discard,errors=remount-ro 0 0")
    assert lines[13] == ("tmpfs /run/secrets/kubernetes.io/serviceaccount tmpfs "
                         "ro,relatime,size=3389124k,inode64 0 0")
    assert "proc /proc/sys proc ro,nosuid,nodev,noexec,relatime 0 0" in lines
    assert lines[-1] == "tmpfs /sys/firmware tmpfs ro,relatime,inode64 0 0"


def test_a_memory_backed_volume_is_as_large_as_the_pods_memory_limit() -> None:
    pod = _pod([{"name": "s", "mountPath": "/etc/secret"}], [{"name": "s", "secret": {}}],
               {"memory": "64Mi"})
    table = procfs.mounts(pod, pod["spec"]["containers"][0], "nginx", "3389124Ki", {})
    assert "tmpfs /etc/secret tmpfs rw,relatime,size=65536k,inode64 0 0" in table.splitlines()


def test_maps_lines_have_the_kernels_columns() -> None:
    lines = procfs.maps("seed").splitlines(keepends=True)
    named = [line for line in lines if "/usr/sbin/nginx" in line]
    assert [line.split()[1] for line in named] == ["r--p", "r-xp", "r--p", "rw-p"]
    assert all(line.index("/") == 73 for line in named)  # the name column is padded to 73
    anonymous = [line for line in lines if len(line.split()) == 5]
    assert anonymous and all(line.endswith(" 0 \n") for line in anonymous)
    libraries = {line.split()[-1].rsplit("/", 1)[-1] for line in lines if "/usr/lib/" in line}
    assert libraries == {"libc.so.6", "libz.so.1.2.13", "libcrypto.so.3", "libssl.so.3",
                         "libpcre2-8.so.0.11.2", "libcrypt.so.1.1.0", "ld-linux-x86-64.so.2"}
    assert procfs.maps("seed") == procfs.maps("seed")


SHARED = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox:1.28
    command: ["sleep", "3600"]
"""


def test_proc_pid_root_reaches_the_other_containers_files() -> None:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("procfs", clock.now()), clock)
    box.write_file("pod.yaml", SHARED)
    box.execute("kubectl apply -f pod.yaml")
    clock.advance(30)
    head = box.execute("kubectl exec nginx -c shell -- head -3 /proc/8/root/etc/nginx/nginx.conf")
    assert head.text == "\nuser  nginx;\nworker_processes  auto;\n"
    html = box.execute("kubectl exec nginx -c shell -- ls /proc/8/root/usr/share/nginx/html")
    assert html.text == "50x.html\nindex.html\n"
    # PID 1 is the pause process, in a mount namespace of its own: no /proc/1/maps here
    assert box.execute("kubectl exec nginx -c nginx -- cat /proc/1/maps").exit_code == 1
    table = box.execute("kubectl exec nginx -c nginx -- cat /proc/mounts").text
    assert table.splitlines()[0].startswith("overlay / overlay ")


def test_proc_pid_root_is_the_kernels_link_to_that_processs_root() -> None:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("procfs-root", clock.now()), clock)
    box.write_file("pod.yaml", SHARED)
    box.execute("kubectl apply -f pod.yaml")
    clock.advance(30)
    found = box.execute("kubectl exec nginx -c shell -- readlink /proc/8/root")
    assert (found.text, found.exit_code) == ("/\n", 0)
    # the other image's /etc/os-release is a link into its /usr/lib: it reads through it
    release = box.execute("kubectl exec nginx -c shell -- head -1 /proc/8/root/etc/os-release")
    assert release.text == 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
    # no such process, no link
    assert box.execute("kubectl exec nginx -c shell -- readlink /proc/99/root").exit_code == 1


def test_what_proc_pid_root_reaches_is_not_this_shells_to_remove() -> None:
    """rm through /proc/PID/root is refused in words (the other container's files are not
    this shell's writable layer), never a silent success that removed nothing."""
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("procfs-rm", clock.now()), clock)
    box.write_file("pod.yaml", SHARED)
    box.execute("kubectl apply -f pod.yaml")
    clock.advance(30)
    gone = box.execute("kubectl exec nginx -c shell -- rm -rf /proc/8/root/etc")
    assert gone.text == ("rm: can't remove '/proc/8/root/etc': Permission denied\n"
                         "command terminated with exit code 1\n")
    still = box.execute("kubectl exec nginx -c shell -- ls /proc/8/root/etc/nginx")
    assert still.text == "conf.d\nnginx.conf\n"


def test_rm_r_of_an_image_folder_removes_what_the_image_had_there() -> None:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("rm-image-dir", clock.now()), clock)
    box.execute("kubectl run web --image=nginx")
    clock.advance(30)
    assert box.execute("kubectl exec web -- rm -r /etc/nginx").exit_code == 0
    after = box.execute("kubectl exec web -- ls /etc/nginx")
    assert after.text.startswith("ls: cannot access '/etc/nginx': No such file or directory\n")
    assert box.execute("kubectl exec web -- mkdir /etc/nginx").exit_code == 0
    assert box.execute("kubectl exec web -- ls -A /etc/nginx").text == ""
