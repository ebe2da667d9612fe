"""``solution_view``: the reference solution as a learner reads it (files, lines, tabs, waits)."""

from __future__ import annotations

from grading.engine import solution_view
from tests.unit.grading._helpers import make


class SolutionViewTests:
    def test_solution_view_lists_files_lines_tabs_and_waits(self) -> None:
        solution = {
            "files": {"web.yaml": "kind: Pod\n"},
            "commands": ["kubectl apply -f web.yaml", {"advance": "1m"},
                         {"line": "kubectl port-forward web 8080:80", "tab": "2"}],
            "advance": "30s",
        }
        view = solution_view(make([{"id": "c", "points": 1, "select": {"kind": "Pod"}}],
                                  solution=solution))
        assert view == {
            "files": {"web.yaml": "kind: Pod\n"},
            "steps": [{"line": "kubectl apply -f web.yaml", "tab": "1"}, {"wait": 60.0},
                      {"line": "kubectl port-forward web 8080:80", "tab": "2"}, {"wait": 30.0}],
        }

    def test_solution_view_fills_in_the_learners_parameters(self) -> None:
        instance = make([{"id": "c", "points": 1, "select": {"kind": "Pod", "name": "{{pod}}"}}],
                        params={"pod": {"choice": ["shop"]}},
                        solution={"commands": ["kubectl run {{pod}} --image=nginx"]})
        assert solution_view(instance)["steps"] == [
            {"line": "kubectl run shop --image=nginx", "tab": "1"}]
