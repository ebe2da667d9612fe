"""grading/views.py through Django's test client: access rules, the learner's flow (nothing
hidden leaks), instructors' pages, authoring and the gradebook."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from grading import services
from grading.models import Assignment, AssignmentItem, Exercise, GradeOverride, Submission
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE, HIDDEN_MARKERS, client_for, pod_name, run

pytestmark = pytest.mark.django_db


def instructor_urls(item: AssignmentItem, learner: User) -> list[str]:
    a = item.assignment
    return [
        reverse("grading:teach"), reverse("grading:course", args=[a.course_id]),
        reverse("grading:assignment", args=[a.pk]), reverse("grading:gradebook", args=[a.pk]),
        reverse("grading:gradebook_csv", args=[a.pk]),
        reverse("grading:cell", args=[item.pk, learner.pk]),
        reverse("grading:item_regrade", args=[item.pk]), reverse("grading:exercise_new"),
        reverse("grading:exercise_edit", args=["grading-demo"]),
        reverse("grading:exercise_export", args=["grading-demo"]),
    ]


class AccessTests:
    def test_anonymous_gets_lessons_but_only_login_redirects_for_grades(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        client = client_for(None)
        urls = [reverse("grading:home"), reverse("grading:item", args=[item.pk]),
                *instructor_urls(item, hamlet)]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
        for url in (reverse("grading:item_check", args=[item.pk]),
                    reverse("grading:item_submit", args=[item.pk])):
            assert client.post(url).status_code == 302

    def test_learner_is_forbidden_every_instructor_page(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        client = client_for(hamlet)
        for url in instructor_urls(item, hamlet):
            assert client.get(url).status_code == 403, url

    def test_instructor_of_another_course_gets_not_found(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        other = User.objects.create_user("prospero")
        services.instructor_grant(user=other)
        client = client_for(other)
        for url in instructor_urls(item, hamlet)[1:7]:
            assert client.get(url).status_code == 404, url

    def test_learner_outside_the_course_gets_not_found(self, item: AssignmentItem) -> None:
        stranger = User.objects.create_user("iago")
        assert client_for(stranger).get(reverse("grading:item", args=[item.pk])).status_code \
            == 404


    def test_instructor_pages_all_render_for_the_courses_instructor(
        self, item: AssignmentItem, hamlet: User, ada: User
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        services.submission_create(user=hamlet, item=item)  # pending: never graded here
        client = client_for(ada)
        for url in instructor_urls(item, hamlet):
            assert client.get(url).status_code == 200, url

    def test_learner_pages_render_in_korean_by_default(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        page = client_for(hamlet, lang=None).get(reverse("grading:item", args=[item.pk]))
        assert "확인하기" in page.content.decode()


class AccountTests:
    def test_signup_logs_in_and_join_link_enrolls(self, course: Any) -> None:
        client = Client()
        response = client.post(reverse("grading:signup"), {
            "username": "viola", "password1": "Twelfth-night-1601", "password2":
            "Twelfth-night-1601"})
        assert response.status_code == 302
        client.post(reverse("grading:join", args=[course.join_token]))
        assert course.learners.filter(username="viola").exists()
        page = client.get(reverse("grading:home"))
        assert "Week 1" not in page.content.decode()  # no assignment created in this fixture

    def test_login_and_logout_use_django_auth_views(self, hamlet: User) -> None:
        client = Client()
        response = client.post(reverse("login"), {"username": "hamlet",
                                                  "password": "pw-hamlet-123"})
        assert response.status_code == 302 and response["Location"] == reverse("grading:home")
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(reverse("grading:home")).status_code == 302

    def test_bad_join_token_shows_not_found(self, hamlet: User) -> None:
        assert client_for(hamlet).get(reverse("grading:join", args=["nope"])).status_code == 404


class LearnerFlowTests:
    def test_whole_learner_flow_never_shows_hidden_checks_or_solution(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        client = client_for(hamlet)
        payloads: list[str] = []
        page = client.get(reverse("grading:item", args=[item.pk]))
        payloads.append(page.content.decode())
        sandbox = item.learnersandbox_set.get(user=hamlet)
        assert f'data-ws-path="/ws/terminal/?sandbox={sandbox.token}"' in payloads[0]
        check = client.post(reverse("grading:item_check", args=[item.pk]), {"lang": "en"})
        payloads.append(check.content.decode())
        assert sorted(check.json()["result"]) == ["checks", "max_score", "score"]
        hint = client.post(reverse("grading:item_hint", args=[item.pk, 0]))
        payloads.append(hint.content.decode())
        name = pod_name(sandbox.seed)
        run(memory_store, sandbox.sandbox_id, f"kubectl run {name} --image=nginx")
        with django_capture_on_commit_callbacks(execute=True):
            submit = client.post(reverse("grading:item_submit", args=[item.pk]))
        payloads.append(submit.content.decode())
        sub_id = submit.json()["submission"]["id"]
        status = client.get(reverse("grading:submission", args=[sub_id]))
        payloads.append(status.content.decode())
        assert status.json()["submission"]["status"] == "graded"
        payloads.append(client.get(reverse("grading:item", args=[item.pk])).content.decode())
        payloads.append(client.get(reverse("grading:home")).content.decode())
        for payload in payloads:
            for marker in HIDDEN_MARKERS:
                assert marker not in payload
        # The hidden check did fail: the instructor sees it, the learner only the total.
        graded = Submission.objects.get(pk=sub_id).result
        assert graded is not None and graded["checks"][1]["message"].startswith("SECRET-MESSAGE")
        # Before the due date the learner sees no points that count it (they would say it
        # failed); the instructor's gradebook has them.
        assert status.json()["submission"]["points"] is None
        assert Submission.objects.get(pk=sub_id).points == pytest.approx(10 * 2 / 6 - 10 / 6,
                                                                         abs=1e-3)

    def test_learner_cannot_read_another_learners_submission(
        self, item: AssignmentItem, hamlet: User, cordelia: User
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        submission = services.submission_create(user=hamlet, item=item)
        response = client_for(cordelia).get(reverse("grading:submission", args=[submission.pk]))
        assert response.status_code == 404

    def test_check_needs_post_and_csrf(self, item: AssignmentItem, hamlet: User) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(hamlet)
        assert client.get(reverse("grading:item_check", args=[item.pk])).status_code == 405
        assert client.post(reverse("grading:item_check", args=[item.pk])).status_code == 403

    def test_submit_beyond_attempts_answers_the_message(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        Assignment.objects.filter(pk=item.assignment_id).update(attempts_limit=1)
        client = client_for(hamlet)
        client.get(reverse("grading:item", args=[item.pk]))
        client.post(reverse("grading:item_submit", args=[item.pk]))
        second = client.post(reverse("grading:item_submit", args=[item.pk]))
        assert (second.status_code, second.json()) == (400, {"error":
                                                            "No attempts left (limit 1)."})

    def test_submit_while_the_database_stays_busy_says_so_and_records_nothing(
        self, item: AssignmentItem, hamlet: User, monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        client = client_for(hamlet)
        client.get(reverse("grading:item", args=[item.pk]))

        def busy(**kwargs: Any) -> None:
            raise OperationalError("database is locked")

        monkeypatch.setattr(services, "submission_create", busy)
        answer = client.post(reverse("grading:item_submit", args=[item.pk]), {"lang": "ko"})
        assert (answer.status_code, answer.json()) == (503, {
            "error": "서버가 바빠서 이 제출을 기록하지 못했습니다. 제출을 다시 누르세요."})
        assert not Submission.objects.exists()


class InstructorTests:
    def test_instructor_builds_course_assignment_and_item(self, ada: User) -> None:
        services.exercise_save(text=DEMO_EXERCISE)
        client = client_for(ada)
        response = client.post(reverse("grading:teach"), {"name": "Kube basics"})
        course_url = response["Location"]
        response = client.post(course_url, {
            "title": "Homework", "due_at": "", "late_policy": "penalty",
            "penalty_percent_per_day": 20, "attempts_limit": 3, "score_policy": "best"})
        assignment = Assignment.objects.get(title="Homework")
        assert response["Location"] == reverse("grading:assignment", args=[assignment.pk])
        exercise = Exercise.objects.get(exercise_id="grading-demo")
        client.post(response["Location"], {"exercise": exercise.pk, "points": "5"})
        assert [(i.exercise_id, float(i.points)) for i in assignment.items.all()] == [
            (exercise.pk, 5.0)]
        page = client.get(course_url).content.decode()
        assert f"/grading/join/{assignment.course.join_token}/" in page

    def test_gradebook_page_csv_override_and_regrade(
        self, item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        with django_capture_on_commit_callbacks(execute=True):
            services.submission_create(user=hamlet, item=item)
        client = client_for(ada)
        page = client.get(reverse("grading:gradebook", args=[item.assignment_id]))
        assert "hamlet" in page.content.decode()
        csv_long = client.get(reverse("grading:gradebook_csv", args=[item.assignment_id]),
                              {"shape": "long"})
        assert csv_long["Content-Type"].startswith("text/csv")
        assert "secret-image-check" in csv_long.content.decode()  # instructors see every check
        cell_url = reverse("grading:cell", args=[item.pk, hamlet.pk])
        assert "SECRET-MESSAGE" in client.get(cell_url).content.decode()
        client.post(cell_url, {"points": "4", "reason": "Pod was right, typo in name"})
        assert GradeOverride.objects.get().reason == "Pod was right, typo in name"
        fixed = services.exercise_save(text=DEMO_EXERCISE.replace("Demo pod", "Demo pod v2"))
        with django_capture_on_commit_callbacks(execute=True):  # the worker's job, eagerly
            started = client.post(reverse("grading:item_regrade", args=[item.pk]),
                                  {"exercise": fixed.pk})
        with django_capture_on_commit_callbacks(execute=True):  # confirmed, then written
            client.post(started["Location"] + "confirm/")
        response = client.get(started["Location"], headers={"accept-language": "en"})
        assert "Regraded 1 submission; 0 changed." in response.content.decode()
        korean = client.get(started["Location"], headers={"accept-language": "ko"})
        assert "제출 1개를 재채점했습니다. 0개가 바뀌었습니다." in korean.content.decode()


    def test_cell_page_shows_the_submission_s_session_timeline(
        self, item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        run(memory_store, sandbox.sandbox_id, "kubectl run tl-web --image=httpd -l tier=front")
        with django_capture_on_commit_callbacks(execute=True):
            services.submission_create(user=hamlet, item=item)
        page = client_for(ada).get(reverse("grading:cell", args=[item.pk, hamlet.pk]),
                                   headers={"accept-language": "en"}).content.decode()
        assert "Session timeline (the learner's commands that changed the cluster)" in page
        assert "<code>kubectl run tl-web --image=httpd -l tier=front</code>" in page
        assert "<code>+ pod/tl-web</code>" in page


@pytest.fixture
def prospero_like(db: Any) -> User:
    user = User.objects.create_user("prospero", password="pw-prospero-123")
    services.instructor_grant(user=user)
    return user


class AuthoringTests:
    def test_preview_shows_errors_then_the_rendered_text(self, ada: User) -> None:
        client = client_for(ada)
        url = reverse("grading:exercise_preview")
        bad = client.post(url, json.dumps({"yaml_text": "id: Bad\n"}),
                          content_type="application/json").json()
        assert bad["errors"] and bad["view"] is None
        good = client.post(url, json.dumps({"yaml_text": DEMO_EXERCISE}),
                           content_type="application/json").json()
        assert good["errors"] == [] and "<code>web-" in good["html"]
        for marker in HIDDEN_MARKERS:
            assert marker not in json.dumps(good)

    def test_test_button_runs_lint_with_the_reference_solution(self, ada: User) -> None:
        client = client_for(ada)
        url = reverse("grading:exercise_test")
        ok = client.post(url, {"yaml_text": DEMO_EXERCISE}).json()
        assert ok == {"ok": True, "problems": []}
        broken = DEMO_EXERCISE.replace("kubectl describe pod {{name}}\n", "kubectl get pods\n")
        failing = client.post(url, {"yaml_text": broken}).json()
        assert not failing["ok"] and "described" in failing["problems"][0]
        assert len(failing["problems"]) == 1  # every seed fails it: said once

    def test_save_import_and_export_keep_versions(self, ada: User) -> None:
        client = client_for(ada)
        response = client.post(reverse("grading:exercise_new"), {"yaml_text": DEMO_EXERCISE})
        assert response["Location"] == reverse("grading:exercise_edit", args=["grading-demo"])
        upload = SimpleUploadedFile("grading-demo.yaml",
                                    DEMO_EXERCISE.replace("Demo pod", "Imported").encode())
        client.post(reverse("grading:exercise_import"), {"file": upload})
        export = client.get(reverse("grading:exercise_export", args=["grading-demo"]))
        assert b"Imported" in export.content and b"version: 2" in export.content
        assert list(Exercise.objects.values_list("version", flat=True)) == [2, 1]

    def test_save_refuses_a_failing_reference_solution_and_keeps_the_saved_version(
        self, ada: User
    ) -> None:
        client = client_for(ada)
        client.post(reverse("grading:exercise_new"), {"yaml_text": DEMO_EXERCISE})
        broken = DEMO_EXERCISE.replace('value: "httpd:2.4"', 'value: "httpd:2.5"')
        url = reverse("grading:exercise_edit", args=["grading-demo"])
        response = client.post(url, {"yaml_text": broken})
        page = response.content.decode()
        assert response.status_code == 200
        assert "The reference solution must score full marks" in page
        # Which check fails, once for all the seeds that show it; the typed text stays.
        assert page.count("failing: secret-image-check (SECRET-MESSAGE wrong image)") == 1
        assert "seeds lint-0, lint-1, lint-2, lint-3, lint-4" in page
        assert "httpd:2.5" in page
        [kept] = Exercise.objects.filter(exercise_id="grading-demo")
        assert (kept.version, kept.yaml_text) == (1, DEMO_EXERCISE.strip())  # as the form posted it
        upload = SimpleUploadedFile("grading-demo.yaml", broken.encode())
        imported = client.post(reverse("grading:exercise_import"), {"file": upload}, follow=True)
        assert "failing: secret-image-check" in imported.content.decode()
        assert Exercise.objects.filter(exercise_id="grading-demo").count() == 1

    def test_a_new_exercise_starts_from_a_template_that_lints_clean(self, ada: User) -> None:
        from grading import authoring, engine_port

        page = client_for(ada).get(reverse("grading:exercise_new")).content.decode()
        assert "id: my-first-exercise" in page
        assert f'href="{reverse("grading:exercise_format")}?lang=en" id="format-docs"' in page
        assert engine_port.lint_text(authoring.exercise_template()) == []
        response = client_for(ada).post(reverse("grading:exercise_new"),
                                        {"yaml_text": authoring.exercise_template()})
        assert response.status_code == 302  # saved as it is: it passes the lint

    def test_the_format_page_is_served_in_both_languages(self) -> None:
        url = reverse("grading:exercise_format")
        english = client_for(None).get(url + "?lang=en").content.decode()
        korean = client_for(None).get(url + "?lang=ko").content.decode()
        assert ">Exercise format</h2>" in english and "stable_for" in english
        assert ">실습 파일 형식</h2>" in korean and "stable_for" in korean
        assert '<html lang="ko"' in korean

    def test_preview_errors_carry_lines_and_an_unknown_field_hides_nothing(
        self, ada: User
    ) -> None:
        text = DEMO_EXERCISE.replace("    points: 3\n", "    points: 3\n    colour: red\n").replace(
            "spec.containers[0].image", "spec.[")
        errors = client_for(ada).post(reverse("grading:exercise_preview"), json.dumps(
            {"yaml_text": text}), content_type="application/json").json()["errors"]
        assert len(errors) == 2, errors
        assert errors[0].endswith("line 21, column 5: checks[1].colour: unknown field")
        assert "line 25, column 13: checks[1].expr[0].path: not a JMESPath" in errors[1]

    def test_a_draft_keeps_work_the_lint_refuses_and_publishing_replaces_it(
        self, ada: User, prospero_like: User
    ) -> None:
        from grading.models import ExerciseDraft

        client = client_for(ada)
        broken = DEMO_EXERCISE.replace('value: "httpd:2.4"', 'value: "httpd:2.5"')
        saved = client.post(reverse("grading:exercise_new"),
                            {"yaml_text": broken, "save-draft": "1"})
        assert saved["Location"] == reverse("grading:exercise_new") + "?draft=grading-demo"
        assert not Exercise.objects.exists()  # a draft is not a version
        page = client.get(saved["Location"]).content.decode()
        assert 'id="draft-notice"' in page and "httpd:2.5" in page
        assert "?draft=grading-demo" in client.get(reverse("grading:exercise_new")).content.decode()
        # Another instructor never sees it.
        other = client_for(prospero_like).get(saved["Location"]).content.decode()
        assert "httpd:2.5" not in other and 'id="draft-notice"' not in other
        published = client.post(reverse("grading:exercise_new"), {"yaml_text": DEMO_EXERCISE})
        assert published.status_code == 302 and Exercise.objects.count() == 1
        assert not ExerciseDraft.objects.exists()

    def test_save_invalid_exercise_shows_schema_errors(self, ada: User) -> None:
        response = client_for(ada).post(reverse("grading:exercise_new"),
                                        {"yaml_text": "id: demo\nversion: 1\n"})
        assert response.status_code == 200
        assert "The exercise was not saved" in response.content.decode()


class AssignmentSettingsTests:
    def test_instructor_changes_attempts_and_late_policy(
        self, item: AssignmentItem, ada: User
    ) -> None:
        url = reverse("grading:assignment", args=[item.assignment_id])
        response = client_for(ada).post(url, {
            "settings-title": "Week 1 (revised)", "settings-due_at": "2030-01-01T10:00",
            "settings-late_policy": "no_credit", "settings-penalty_percent_per_day": 0,
            "settings-attempts_limit": 2, "settings-score_policy": "last"})
        assert response.status_code == 302
        assignment = Assignment.objects.get(pk=item.assignment_id)
        assert (assignment.title, assignment.late_policy, assignment.attempts_limit,
                assignment.score_policy) == ("Week 1 (revised)", "no_credit", 2, "last")
        assert assignment.due_at is not None and assignment.due_at.year == 2030
