"""The atomic-writer layout, against listings of real volumes: the downward API page of
kubernetes.io (`..2982_06_02_21_47_53.299460680`, `..data -> ..2982_…`, `labels -> ..data/labels`)
and a service-account token volume (`..data -> ..2021_07_30_16_43_14.670754610`,
`ca.crt -> ..data/ca.crt`, `namespace -> ..data/namespace`, `token -> ..data/token`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playground.sim.runtime.atomic_writer import layout

WRITTEN = datetime(2021, 7, 30, 16, 43, 14, tzinfo=UTC)


def test_token_volume_layout() -> None:
    d = layout({"ca.crt": "C", "namespace": "default", "token": "T"}, WRITTEN, "uid/vol")
    assert re.fullmatch(r"\.\.2021_07_30_16_43_14\.\d{1,10}", d.data_dir)
    assert d.links == {"..data": d.data_dir, "ca.crt": "..data/ca.crt",
                       "namespace": "..data/namespace", "token": "..data/token"}
    assert d.files == {"ca.crt": "C", "namespace": "default", "token": "T"}


def test_nested_paths_link_their_first_component_and_read_everywhere() -> None:
    d = layout({"conf/app.ini": "x=1", "labels": "a=\"b\""}, WRITTEN, "seed")
    assert d.links["conf"] == "..data/conf"
    assert "conf/app.ini" not in d.links
    readable = d.readable()
    for path in ("conf/app.ini", "..data/conf/app.ini", f"{d.data_dir}/conf/app.ini"):
        assert readable[path] == "x=1"


def test_name_is_stable_for_a_seed() -> None:
    assert layout({}, WRITTEN, "a").data_dir == layout({}, WRITTEN, "a").data_dir
    assert layout({}, WRITTEN, "a").data_dir != layout({}, WRITTEN, "b").data_dir
