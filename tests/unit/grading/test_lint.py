"""Exercise lint over the shipped exercises, and that it catches broken ones."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from grading.engine import lint, load_exercise
from grading.engine.linting import DEFAULT_DIR, lint_exercise, main
from tests.unit.grading._helpers import exercise_dict

LESSONS = Path(__file__).resolve().parents[3] / "lessons" / "content"


class LintTests:
    def test_every_shipped_exercise_is_clean_for_three_seeds(self) -> None:
        assert lint(DEFAULT_DIR, seeds=3) == []

    def test_every_lesson_has_its_exercise(self) -> None:
        ids = {p.stem for p in DEFAULT_DIR.glob("*.yaml")}
        for lang in ("en", "ko"):
            for lesson in sorted((LESSONS / lang).glob("*.md")):
                found = re.search(r"^exercise:\s*(\S+)", lesson.read_text(encoding="utf-8"), re.M)
                assert found and found.group(1) in ids, lesson.name
        assert len(ids) >= 13

    def test_exercise_ids_match_file_names(self) -> None:
        for path in DEFAULT_DIR.glob("*.yaml"):
            assert load_exercise(path.read_text(encoding="utf-8"), str(path)).id == path.stem

    def test_lint_reports_a_missing_solution_and_a_scoring_start(self, tmp_path: Path) -> None:
        raw = exercise_dict([{"id": "web", "points": 1, "select": {"kind": "Pod", "name": "db"}},
                             {"id": "any", "points": 1, "select": {"kind": "Node"}}])
        raw["id"] = "broken"
        path = tmp_path / "broken.yaml"
        path.write_text(yaml.safe_dump(raw), encoding="utf-8")
        problems = lint(path, seeds=1)
        assert problems[0] == f"{path}: seed lint-0: the starting state scores 1 (passing: any)"
        assert problems[1] == (f"{path}: seed lint-0: the solution scores 1/2; "
                               "failing: web (web failed)")

    def test_a_problem_every_seed_shares_is_reported_once_with_its_seeds(self) -> None:
        from tests.grading_demo import DEMO_EXERCISE

        broken = DEMO_EXERCISE.replace('value: "httpd:2.4"', 'value: "httpd:2.5"')
        problems = lint_exercise(load_exercise(broken, "demo.yaml"), seeds=3)
        assert len(problems) == 1, problems
        assert problems[0].startswith("seeds lint-0, lint-1, lint-2 (lint-0: {'name': 'web-")
        assert problems[0].endswith("): the solution scores 3/6; failing: secret-image-check "
                                    "(SECRET-MESSAGE wrong image)")

    def test_cli_prints_a_summary(self, capsys: object, tmp_path: Path) -> None:
        (tmp_path / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
        assert main([str(tmp_path)]) == 1
        out = capsys.readouterr().out  # type: ignore[attr-defined]
        assert "bad.yaml: line 1, column 1: (top): missing required field 'version'" in out
        assert out.endswith("problem(s) in 1 exercise(s)\n")


class LintModuleTests:
    def test_lint_stays_callable_after_importing_the_cli_module(self) -> None:
        import grading.engine
        import grading.engine.lint as lint_module

        assert lint_module.lint(DEFAULT_DIR / "labels.yaml", seeds=1) == []
        assert grading.engine.lint(DEFAULT_DIR / "labels.yaml", seeds=1) == []
