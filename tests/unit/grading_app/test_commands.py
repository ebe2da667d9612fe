"""`manage.py exercise lint [PATH]` and `manage.py load_exercises`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from grading import services
from grading.models import Exercise
from tests.grading_demo import DEMO_EXERCISE

pytestmark = pytest.mark.django_db


class ExerciseCommandTests:
    def test_lint_clean_file_prints_ok(self, tmp_path: Path) -> None:
        path = tmp_path / "grading-demo.yaml"
        path.write_text(DEMO_EXERCISE)
        out = io.StringIO()
        call_command("exercise", "lint", str(path), "--seeds", "2", stdout=out)
        assert out.getvalue() == f"{path}: ok\n"

    def test_lint_broken_file_fails_with_its_problems(self, tmp_path: Path) -> None:
        path = tmp_path / "grading-demo.yaml"
        path.write_text(DEMO_EXERCISE.replace("- kubectl describe pod {{name}}", "- ls"))
        err = io.StringIO()
        with pytest.raises(CommandError, match=r"^\d+ problem\(s\)$"):
            call_command("exercise", "lint", str(path), "--seeds", "1", stderr=err)
        assert "the solution scores 5/6" in err.getvalue()

    def test_lint_missing_path_fails(self) -> None:
        with pytest.raises(CommandError, match=r"^nope\.yaml: no such file or directory$"):
            call_command("exercise", "lint", "nope.yaml")


class LoadExercisesTests:
    def test_load_twice_adds_no_versions_and_creates_the_group(self, tmp_path: Path) -> None:
        (tmp_path / "grading-demo.yaml").write_text(DEMO_EXERCISE)
        call_command("load_exercises", "--dir", str(tmp_path), stdout=io.StringIO())
        call_command("load_exercises", "--dir", str(tmp_path), stdout=io.StringIO())
        assert Exercise.objects.filter(exercise_id="grading-demo").count() == 1
        group = Group.objects.get(name="instructors")
        assert group.permissions.filter(codename="author_exercise").exists()

    def test_a_file_with_an_instructors_id_is_a_clear_error(self, tmp_path: Path) -> None:
        author = User.objects.create_user("ada")
        services.exercise_save(text=DEMO_EXERCISE, user=author)
        (tmp_path / "grading-demo.yaml").write_text(DEMO_EXERCISE.replace("Demo pod", "File"))
        with pytest.raises(CommandError, match="taken by another author"), \
                translation.override("en"):
            call_command("load_exercises", "--dir", str(tmp_path), stdout=io.StringIO())
        assert Exercise.objects.filter(exercise_id="grading-demo").count() == 1
