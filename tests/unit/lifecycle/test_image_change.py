"""A new image set while the first container is still being pulled is still acted on."""

from __future__ import annotations

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


@pytest.mark.parametrize("changed_after", [5, 14, 40])
def test_set_image_restarts_with_new_image_whenever_it_arrives(changed_after: int) -> None:
    # The kubelet creates the container from the spec it was syncing, sees the changed hash on
    # its next sync, kills it ("definition changed") and recreates it: RESTARTS 1, new image.
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("image-change", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run web --image nginx:1.27")
    clock.advance(changed_after)
    assert sandbox.execute("kubectl set image pod/web web=nginx:1.26").text == (
        "pod/web image updated\n"
    )
    clock.advance(90)
    image = sandbox.execute(
        "kubectl get pod web -o jsonpath='{.status.containerStatuses[0].image} "
        "{.status.containerStatuses[0].restartCount}'"
    ).text
    assert image == "docker.io/library/nginx:1.26 1"
    events = sandbox.execute("kubectl get events --field-selector reason=Killing").text
    assert "Container web definition changed, will be restarted" in events
