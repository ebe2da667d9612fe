"""Per-learner parameters: deterministic per seed, templated everywhere, typed when whole."""

from __future__ import annotations

from typing import Any

from grading.engine import params
from tests.unit.grading._helpers import make

SPECS: dict[str, dict[str, Any]] = {
    "pod": {"choice": ["web", "shop", "blog"]}, "tag": {"pattern": "v{digit}{digit}"},
    "port": {"range": [8000, 8999]}}


class ParamsTests:
    def test_resolve_is_deterministic_per_seed(self) -> None:
        first = params.resolve("demo", SPECS, "alice")
        assert first == params.resolve("demo", SPECS, "alice")
        assert first["pod"] in ("web", "shop", "blog")
        assert len(first["tag"]) == 3 and first["tag"][0] == "v" and first["tag"][1:].isdigit()
        assert 8000 <= first["port"] <= 8999

    def test_seeds_give_different_values(self) -> None:
        values = {params.resolve("demo", SPECS, f"learner-{i}")["port"] for i in range(20)}
        assert len(values) > 10

    def test_one_parameter_does_not_depend_on_the_others(self) -> None:
        alone = params.resolve("demo", {"port": SPECS["port"]}, "alice")
        assert alone["port"] == params.resolve("demo", SPECS, "alice")["port"]

    def test_render_keeps_type_of_a_whole_placeholder(self) -> None:
        values = {"pod": "web", "port": 8080}
        assert params.render({"a": "{{port}}", "b": "pod {{ pod }}:{{port}}", "c": ["{{pod}}"]},
                             values) == {"a": 8080, "b": "pod web:8080", "c": ["web"]}

    def test_instantiate_templates_text_checks_and_solution(self) -> None:
        check = {"id": "web", "points": 1, "select": {"kind": "Pod", "name": "{{pod}}"},
                 "match": {"spec": {"containers": [{"ports": [{"containerPort": "{{port}}"}]}]}}}
        instance = make([check], params=SPECS, text={"ko": "{{pod}}", "en": "Run {{pod}}"},
                        solution={"commands": ["kubectl run {{pod}} --image=nginx"]})
        pod, port = instance.params["pod"], instance.params["port"]
        assert instance.data["text"]["en"] == f"Run {pod}"
        assert instance.checks[0]["select"]["name"] == pod
        assert instance.checks[0]["match"]["spec"]["containers"][0]["ports"][0] == {
            "containerPort": port}
        assert instance.data["solution"]["commands"] == [f"kubectl run {pod} --image=nginx"]
        assert "params" not in instance.data
        assert make([dict(check)], params=SPECS, seed="s1").params == instance.params
