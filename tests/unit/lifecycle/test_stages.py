"""The lifecycle stage table: every stage has its own name, and each delay is the one used."""

from __future__ import annotations

import ast
import inspect
import json

import pytest

from playground.sim.lifecycle import stages
from playground.sim.lifecycle.stages import STAGES, Stage, stage_table
from playground.sim.timefmt import parse_rfc3339
from tests.unit.kubectl._sandbox import Session


def test_every_stage_written_in_the_table_has_its_own_name() -> None:
    # read the module's source: a dict built from the stages would hide a repeated name
    tree = ast.parse(inspect.getsource(stages))
    names = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Stage"
        and node.args and isinstance(node.args[0], ast.Constant)
    ]
    assert len(names) == len(set(names)) == len(STAGES)


def test_the_table_refuses_a_name_given_twice() -> None:
    with pytest.raises(ValueError, match="'resync' is defined twice"):
        stage_table(Stage("resync", 1.0, "one"), Stage("resync", 12.0, "two"))


def test_a_change_made_while_pulling_is_acted_on_at_the_sync_after_the_start() -> None:
    session = Session()
    session.run("kubectl run web --image nginx:1.27")
    session.wait(2)
    assert session.run("kubectl set image pod/web web=nginx:1.26").exit_code == 0
    session.wait(60)
    items = json.loads(session.run("kubectl get events -o json").text)["items"]
    at = {e["reason"]: e["firstTimestamp"] for e in items if e["reason"] in ("Started", "Killing")}
    started, killing = (parse_rfc3339(at[r]) for r in ("Started", "Killing"))
    assert killing - started == STAGES["sync-after-start"].delay == 1.0
