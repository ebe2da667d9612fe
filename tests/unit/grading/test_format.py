"""Exercise files: schema and semantic validation, with a path to each problem."""

from __future__ import annotations

import re

import pytest
import yaml

from grading.engine import ExerciseError, duration, load_exercise
from grading.engine.schema import validate
from tests.unit.grading._helpers import exercise_dict, text

WEB = {"id": "web", "points": 1, "select": {"kind": "Pod", "name": "web"}}


def _located(raw: object) -> str:
    with pytest.raises(ExerciseError) as caught:
        load_exercise(yaml.safe_dump(raw), "demo.yaml")
    return caught.value.message


def _error(raw: object) -> str:
    """The problems without their ``line L, column C: `` (tested on their own below)."""
    return re.sub(r"^(demo\.yaml: )line \d+, column \d+: ", r"\1", _located(raw), flags=re.M)


class FormatTests:
    def test_load_valid_exercise_keeps_raw_and_version(self) -> None:
        exercise = load_exercise(yaml.safe_dump(exercise_dict([dict(WEB)])), "demo.yaml")
        assert exercise.version == 1
        assert exercise.raw["checks"][0]["id"] == "web"

    def test_unsupported_op_names_the_path(self) -> None:
        check = {**WEB, "expr": [{"path": "a", "op": "eq", "value": 1},
                                 {"path": "b", "op": "equals", "value": 1}]}
        raw = exercise_dict([{**WEB, "id": "a"}, {**WEB, "id": "b"}, check])
        assert _error(raw) == (
            'demo.yaml: checks[2].expr[1].op: unsupported value "equals" '
            "(expected one of eq, ne, exists, in, regex, gte, lte, contains)"
        )

    def test_missing_field_unknown_field_and_wrong_type(self) -> None:
        raw = exercise_dict([{**WEB, "points": "many", "colour": "red"}])
        del raw["title"]
        problems = _error(raw).splitlines()
        assert "demo.yaml: (top): missing required field 'title'" in problems
        assert "demo.yaml: checks[0].points: expected number, got \"many\"" in problems
        assert "demo.yaml: checks[0].colour: unknown field" in problems

    def test_problems_carry_the_line_and_column_of_their_yaml_node(self) -> None:
        text = (
            "id: demo\n"
            "version: 1\n"
            "title: {ko: 데모, en: Demo}\n"
            "text: {ko: 파드, en: Make a pod}\n"
            "tasks: [{ko: 만들기, en: Make it}]\n"
            "checks:\n"
            "  - id: web\n"
            "    points: 1\n"
            "    select: {kind: Pod, name: web}\n"
            "    message: {ko: 없음, en: none}\n"
            "    expr:\n"
            "      - {path: 'spec.[', op: exists}\n"
            "  - id: db\n"
            "    points: 1\n"
            "    colour: red\n"
            "    message: {ko: 없음, en: none}\n"
            "    select: {kind: Pod, name: '{{nope}}'}\n"
            "solution: {commands: [kubectl run web --image=nginx]}\n"
        )
        with pytest.raises(ExerciseError) as caught:
            load_exercise(text, "demo.yaml")
        problems = caught.value.problems
        # The unknown field is reported and does not hide the broken expression or the
        # unknown placeholder (semantic problems), each at its own line.
        assert problems[0] == "demo.yaml: line 15, column 5: checks[1].colour: unknown field"
        assert problems[1].startswith(
            "demo.yaml: line 17, column 32: {{nope}}: no such parameter"), problems
        assert problems[2].startswith(
            "demo.yaml: line 12, column 10: checks[0].expr[0].path: not a JMESPath"), problems
        assert len(problems) == 3

    def test_a_yaml_syntax_error_names_its_line(self) -> None:
        with pytest.raises(ExerciseError) as caught:
            load_exercise("id: demo\nversion: [1\n", "demo.yaml")
        assert caught.value.message.startswith("demo.yaml: line 3, column 1: not valid YAML")

    def test_version_must_be_an_integer(self) -> None:
        raw = exercise_dict([dict(WEB)])
        raw["version"] = "1"
        assert _error(raw) == 'demo.yaml: version: expected integer, got "1"'

    def test_needs_must_name_an_earlier_check(self) -> None:
        raw = exercise_dict([{**WEB, "needs": ["later"]}, {**WEB, "id": "later"}])
        assert _error(raw) == "demo.yaml: checks[0].needs[0]: 'later' is not an earlier check"

    def test_duplicate_ids_bad_jmespath_and_bad_regex(self) -> None:
        raw = exercise_dict([
            dict(WEB),
            {**WEB, "expr": [{"path": "spec.[", "op": "exists"}]},
            {"id": "act", "points": 1, "kind": "activity", "activity": {"pattern": "(kubectl"}},
        ])
        problems = _error(raw).splitlines()
        assert problems[0] == "demo.yaml: checks[1].id: duplicate check id 'web'"
        assert problems[1].startswith("demo.yaml: checks[1].expr[0].path: not a JMESPath")
        assert problems[2].startswith("demo.yaml: checks[2].activity.pattern: not a regular")

    def test_jmespath_problem_names_the_expression_on_one_line(self) -> None:
        raw = exercise_dict([dict(WEB), {**WEB, "id": "w2",
                                          "expr": [{"path": "a[?b ==]", "op": "exists"}]}])
        problem = _error(raw).splitlines()[0]
        assert problem.startswith("demo.yaml: checks[1].expr[0].path: not a JMESPath")
        assert problem.endswith('for expression: "a[?b ==]"'), problem

    def test_kind_requirements(self) -> None:
        raw = exercise_dict([
            {"id": "a", "points": 1},
            {"id": "b", "points": 1, "kind": "answer", "select": {"kind": "Pod"}},
            {"id": "c", "points": 1, "kind": "activity"},
            {**WEB, "id": "d", "within": "10s", "stable_for": "10s"},
            {"id": "e", "points": 1, "select": {"kind": "ContainerFile", "pod": "p",
                                                "container": "c"}},
        ])
        assert _error(raw).splitlines() == [
            "demo.yaml: checks[0]: a assert check needs 'select'",
            "demo.yaml: checks[1]: an answer check needs 'compute'",
            "demo.yaml: checks[2]: an activity check needs 'activity'",
            "demo.yaml: checks[3]: use one of within, stable_for, ever (got within, stable_for)",
            "demo.yaml: checks[4].select: kind ContainerFile needs 'name'",
        ]

    def test_unknown_placeholder_and_bad_pattern_param(self) -> None:
        raw = exercise_dict([{**WEB, "select": {"kind": "Pod", "name": "{{pood}}"}}],
                            params={"pod": {"pattern": "x{digits}"}})
        assert _error(raw).splitlines() == [
            "demo.yaml: params.pod.pattern: unknown character class {digits} "
            "(use digit, lower, upper, alnum, hex)",
            "demo.yaml: {{pood}}: no such parameter",
        ]

    def test_bad_yaml_and_non_mapping(self) -> None:
        with pytest.raises(ExerciseError, match="demo.yaml: line 1, column 5: not valid YAML"):
            load_exercise("a: [", "demo.yaml")
        with pytest.raises(ExerciseError, match="an exercise is a mapping"):
            load_exercise("- 1", "demo.yaml")

    def test_bad_duration_and_script_step(self) -> None:
        raw = exercise_dict([dict(WEB)])
        raw["solution"] = {"commands": [{"line": 3}, {"advance": "soon"}], "advance": "1x"}
        assert sorted(_error(raw).splitlines()) == [
            'demo.yaml: solution.advance: "1x" does not match ^([0-9]+(\\.[0-9]+)?(h|m|s|ms))+$',
            "demo.yaml: solution.commands[0].line: expected string, got 3",
            'demo.yaml: solution.commands[1].advance: "soon" does not match '
            "^([0-9]+(\\.[0-9]+)?(h|m|s|ms))+$",
        ]

    def test_duration_units(self) -> None:
        assert duration("1m30s") == 90.0
        assert duration("250ms") == 0.25
        assert duration("1h") == 3600.0
        assert duration(12) == 12.0

    def test_texts_need_both_languages(self) -> None:
        raw = exercise_dict([dict(WEB)])
        raw["title"] = {"en": "Only English"}
        assert _error(raw) == "demo.yaml: title: missing required field 'ko'"

    def test_schema_file_accepts_the_helper_exercise(self) -> None:
        assert validate(exercise_dict([{**WEB, "title": text("t")}])) == []
