"""Which programs an image has, beyond the catalogue's list: those that come with another."""

from __future__ import annotations

from playground.sim.images import Image

# busybox's applets and coreutils ship these wherever they ship `env`
COMES_WITH_ENV = frozenset({"printenv", "id"})


def installed(image: Image, name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return image.has_binary(base) or (base in COMES_WITH_ENV and image.has_binary("env"))
