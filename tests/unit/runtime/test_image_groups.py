"""Supplementary groups as containerd 1.7 gives them: the pod's ids plus the memberships the
image's /etc/group lists for the process's user (the security context page's agnhost 2.45),
and the v1.32 API server dropping the disabled SupplementalGroupsPolicy gate's fields."""

from __future__ import annotations

import random
from typing import Any

from playground.sim import images
from playground.sim.admission import defaults, gates
from playground.sim.runtime import security

AGNHOST = "registry.k8s.io/e2e-test-images/agnhost"


def _pod(image: str, **context: Any) -> dict[str, Any]:
    return {"metadata": {"name": "security-context-demo", "namespace": "default", "uid": "u"},
            "spec": {"securityContext": context,
                     "containers": [{"name": "sec-ctx-demo", "image": image,
                                     "command": ["sh", "-c", "sleep 1h"]}]}}


def _identity(pod: dict[str, Any]) -> security.Identity:
    return security.identity(pod, pod["spec"]["containers"][0])


def test_agnhost_2_45_has_the_pages_user_and_group() -> None:
    image = images.lookup(f"{AGNHOST}:2.45")
    assert image is not None
    files = dict(image.files)
    assert files["/etc/group"].endswith(
        "user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n")
    assert ("user-defined-in-image:x:1000:1000:Linux User,,,:/home/user-defined-in-image:"
            "/bin/sh\n") in files["/etc/passwd"]
    assert image.users["user-defined-in-image"].uid == 1000
    assert image.entrypoint == ("/agnhost",) and image.shell == "ash"


def test_agnhost_before_2_45_has_no_such_user() -> None:
    image = images.lookup(f"{AGNHOST}:2.40")
    assert image is not None
    assert "user-defined-in-image" not in dict(image.files)["/etc/group"]
    assert security.image_groups(image, 1000) == ()


def test_implicit_group_from_the_images_etc_group_is_merged() -> None:
    who = _identity(_pod(f"{AGNHOST}:2.45", runAsUser=1000, runAsGroup=3000,
                         supplementalGroups=[4000]))
    assert (who.uid, who.gid, who.groups) == (1000, 3000, (3000, 4000, 50000))
    assert security.id_line(who) == (
        "uid=1000(user-defined-in-image) gid=3000 groups=3000,4000,50000(group-defined-in-image)")


def test_proc_status_groups_line_lists_the_implicit_group() -> None:
    pod = _pod(f"{AGNHOST}:2.45", runAsUser=1000, runAsGroup=3000, supplementalGroups=[4000])
    status = security.proc_status(pod, pod["spec"]["containers"][0], "sleep 1h")
    assert "\nGroups:\t3000 4000 50000 \n" in status


def test_run_as_user_without_group_takes_the_passwd_gid() -> None:
    # containerd's WithUserID: the uid's /etc/passwd gid, 0 for a uid the image does not know
    assert _identity(_pod(f"{AGNHOST}:2.45", runAsUser=1000)).groups == (1000, 50000)
    stranger = _identity(_pod(f"{AGNHOST}:2.45", runAsUser=1234))
    assert (stranger.gid, stranger.groups) == (0, (0,))


def test_a_group_named_like_the_user_is_not_an_extra_membership() -> None:
    image = images.lookup(f"{AGNHOST}:2.45")
    assert security.image_groups(image, 1000) == (50000,)


def test_alpine_root_is_in_the_groups_its_etc_group_lists() -> None:
    who = _identity(_pod(f"{AGNHOST}:2.40"))
    assert who.groups == (0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27)


def test_busybox_without_an_etc_group_keeps_root_in_wheel_only() -> None:
    assert _identity(_pod("busybox:1.28")).groups == (0, 10)
    assert _identity(_pod("busybox:1.28", runAsUser=1000, runAsGroup=3000,
                          fsGroup=2000, supplementalGroups=[4000])).groups == (2000, 3000, 4000)


def test_api_server_drops_supplemental_groups_policy_on_create_and_update() -> None:
    pod = _pod(f"{AGNHOST}:2.45", runAsUser=1000, supplementalGroupsPolicy="Strict")
    stored = defaults.default_pod(pod, random.Random(1))
    assert "supplementalGroupsPolicy" not in stored["spec"]["securityContext"]
    assert pod["spec"]["securityContext"]["supplementalGroupsPolicy"] == "Strict"  # a copy
    updated = defaults.default_update(pod)
    assert "supplementalGroupsPolicy" not in updated["spec"]["securityContext"]


def test_status_user_is_dropped_and_an_old_pod_using_the_field_keeps_it() -> None:
    pod = _pod(AGNHOST + ":2.45", supplementalGroupsPolicy="Strict")
    pod["status"] = {"containerStatuses": [{"name": "sec-ctx-demo",
                                            "user": {"linux": {"uid": 1000, "gid": 3000}}}]}
    kept = {"spec": {"securityContext": {"supplementalGroupsPolicy": "Merge"}}}
    gates.drop_disabled(pod, kept)
    assert pod["spec"]["securityContext"]["supplementalGroupsPolicy"] == "Strict"
    gates.drop_disabled(pod)
    assert "supplementalGroupsPolicy" not in pod["spec"]["securityContext"]
    assert "user" not in pod["status"]["containerStatuses"][0]
