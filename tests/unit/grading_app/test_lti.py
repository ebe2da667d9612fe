"""LTI 1.3 against a simulated platform on a real HTTP server (tests/lti_platform.py): launches
accepted and refused (bad signature, expired, wrong audience, replayed nonce), roles mapped to
course instructors and learners, Deep Linking's signed response, the NRPS roster and AGS scores
with partial credit, retried when the platform fails."""

from __future__ import annotations

import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from django.contrib.auth.models import User
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from grading import people, services
from grading.lti import adapter, passback
from grading.lti.models import LtiAssignmentLink, LtiCourse, LtiScore
from grading.models import Assignment, Course, CourseRole
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE, pod_name, run
from tests.lti_platform import (
    INSTRUCTOR,
    LEARNER,
    ROLE,
    LaunchSpec,
    Platform,
    fetch,
    form_fields,
    new_key,
    serve,
)

pytestmark = pytest.mark.django_db
TOOL = "http://testserver"


@pytest.fixture
def platform(db: Any) -> Iterator[Platform]:
    with serve(Platform()) as served:
        served.tool_launch_url = TOOL + "/grading/lti/launch/"
        registration = adapter.registration_save(
            name="Simulated LMS", issuer=served.issuer, client_id=served.client_id,
            auth_url=served.url("/auth"), token_url=served.url("/token"),
            keyset_url=served.url("/jwks"), deployment_ids=[served.deployment_id])
        served.tool_login_url = TOOL + f"/grading/lti/{registration.uuid}/login/"
        jwks = adapter.tool_jwks()  # read here: the server thread has no database connection
        served.tool_jwks = lambda: jwks
        yield served


def browser(lang: str = "en") -> Client:
    return Client(headers={"Accept-Language": lang})


def start(client: Client, platform: Platform, spec: LaunchSpec) -> tuple[str, dict[str, str]]:
    """Login initiation → the platform's auth endpoint → (launch URL path, posted fields)."""
    hint = uuid.uuid4().hex
    platform.launches[hint] = spec
    login = client.get(urlsplit(platform.tool_login_url).path, platform.login_query(hint))
    assert login.status_code == 302, login.content
    status, page = fetch(login["Location"])
    assert status == 200, page
    action, fields = form_fields(page)
    return urlsplit(action).path, fields


def launch(client: Client, platform: Platform, spec: LaunchSpec) -> Any:
    path, fields = start(client, platform, spec)
    return client.post(path, fields)


def teacher(**kw: Any) -> LaunchSpec:
    return LaunchSpec(sub="t-1", roles=[INSTRUCTOR], name="Grace Hopper",
                      email="grace@example.edu", **kw)


def student(sub: str = "s-1", **kw: Any) -> LaunchSpec:
    return LaunchSpec(sub=sub, roles=[LEARNER], name="Alan Turing", email="alan@example.edu",
                      **kw)


@pytest.fixture
def linked(platform: Platform) -> Assignment:
    """The course made by the instructor's first launch, with an assignment (due date past, so
    grades are not withheld) that the platform's resource link names."""
    launch(browser(), platform, teacher(custom={}))  # refused (no assignment yet), course made
    course = LtiCourse.objects.get().course
    exercise = services.exercise_save(text=DEMO_EXERCISE)
    assignment = services.assignment_create(course=course, title="Lab 1",
                                            due_at=datetime(2020, 1, 1, tzinfo=UTC))
    services.assignment_item_add(assignment=assignment, exercise=exercise, points=10)
    return assignment


def learner_custom(assignment: Assignment) -> dict[str, str]:
    return {"pod_playground_assignment": str(assignment.pk)}


def test_a_learner_launch_signs_in_joins_the_course_and_opens_the_first_exercise(
    platform: Platform, linked: Assignment,
) -> None:
    client = browser()
    response = launch(client, platform, student(custom=learner_custom(linked)))
    item = linked.items.get()
    assert response.status_code == 302 and response["Location"] == f"/grading/items/{item.pk}/"
    user = User.objects.get(first_name="Alan")
    assert (user.last_name, user.email, user.has_usable_password()) == (
        "Turing", "alan@example.edu", False)
    assert list(linked.course.learners.all()) == [user]
    assert not linked.course.roles.filter(user=user).exists()
    assert client.get(response["Location"]).status_code == 200
    # Isolation (grading/access.py): the LMS learner reaches no instructor page.
    assert client.get(f"/grading/teach/assignments/{linked.pk}/gradebook/").status_code == 403
    assert client.get(f"/grading/teach/courses/{linked.course.pk}/").status_code == 403
    # The same platform user again: the same account.
    launch(browser(), platform, student(custom=learner_custom(linked)))
    assert User.objects.filter(first_name="Alan").count() == 1


def test_the_instructor_role_teaches_the_course_and_lands_on_the_assignment(
    platform: Platform, linked: Assignment,
) -> None:
    client = browser()
    response = launch(client, platform, teacher(custom=learner_custom(linked),
                                                resource_link_id="link-2"))
    assert response["Location"] == f"/grading/teach/assignments/{linked.pk}/"
    grace = User.objects.get(first_name="Grace")
    course = linked.course
    assert course.roles.get(user=grace).role == CourseRole.Role.OWNER
    assert grace.has_perm("grading.author_exercise")
    assert not course.learners.filter(pk=grace.pk).exists()
    assert client.get(response["Location"]).status_code == 200


def test_a_second_lms_instructor_teaches_and_a_role_the_owner_set_stays(
    platform: Platform, linked: Assignment,
) -> None:
    """The first instructor's launch made the course theirs; the next one teaches it. A role
    the owner gives on the People page (TA) is not undone by that person's next launch."""
    course = linked.course
    second = LaunchSpec(sub="t-2", roles=[INSTRUCTOR], name="Ada Lovelace",
                        email="ada@example.edu", custom=learner_custom(linked),
                        resource_link_id="link-3")
    launch(browser(), platform, second)
    ada = User.objects.get(first_name="Ada")
    assert course.roles.get(user=ada).role == CourseRole.Role.INSTRUCTOR
    assert course.roles.filter(role=CourseRole.Role.OWNER).count() == 1
    course.roles.filter(user=ada).update(role=CourseRole.Role.TA)
    launch(browser(), platform, second)
    assert course.roles.get(user=ada).role == CourseRole.Role.TA


def test_a_link_to_another_courses_assignment_is_refused(platform: Platform) -> None:
    other = services.course_create(name="Elsewhere", instructor=User.objects.create_user("x"))
    foreign = services.assignment_create(course=other, title="Not yours")
    response = launch(browser(), platform, student(custom=learner_custom(foreign)))
    assert response.status_code == 400
    assert b"names no assignment of this course" in response.content
    assert not other.learners.exists()


@pytest.mark.parametrize(("spec", "why"), [
    (student(signing_key=new_key()), b"Can&#x27;t decode id_token"),
    (student(exp_offset=-60), b"Signature has expired"),
    (student(aud="someone-else"), b"not found"),
], ids=["bad-signature", "expired", "wrong-audience"])
def test_a_launch_that_fails_validation_is_refused_with_a_page(
    platform: Platform, linked: Assignment, spec: LaunchSpec, why: bytes,
) -> None:
    spec.custom = learner_custom(linked)
    response = launch(browser(), platform, spec)
    assert response.status_code == 400
    assert b"The launch from the LMS was refused" in response.content and why in response.content
    assert not linked.course.learners.exists()


def test_a_replayed_launch_is_refused(platform: Platform, linked: Assignment) -> None:
    client = browser()
    path, fields = start(client, platform, student(custom=learner_custom(linked)))
    assert client.post(path, fields).status_code == 302
    replay = client.post(path, fields)
    assert replay.status_code == 400 and b"already used" in replay.content


def test_a_launch_without_the_login_state_is_refused(platform: Platform) -> None:
    path, fields = start(browser(), platform, student())
    response = browser().post(path, fields)  # another browser: no state cookie
    assert response.status_code == 400 and b"State not found" in response.content


def test_deep_linking_returns_a_signed_resource_link_for_the_chosen_assignment(
    platform: Platform, linked: Assignment,
) -> None:
    client = browser()
    response = launch(client, platform, teacher(message_type="LtiDeepLinkingRequest"))
    assert response["Location"] == "/grading/lti/deep-link/"
    page = client.get("/grading/lti/deep-link/")
    assert b"Lab 1" in page.content and b"Demo pod" in page.content
    back = client.post("/grading/lti/deep-link/", {"choice": f"assignment:{linked.pk}"})
    page_text = back.content.decode()
    action, fields = form_fields(page_text[page_text.index('id="deep-link-return"'):])
    assert action == platform.url("/deep_link_return")
    assert f"form-action 'self' {platform.base};" in back["Content-Security-Policy"]
    key = RSAAlgorithm.from_jwk(adapter.tool_jwks()["keys"][0])
    claims = jwt.decode(fields["JWT"], key, algorithms=["RS256"],  # type: ignore[arg-type]
                        audience=platform.issuer)
    dl = "https://purl.imsglobal.org/spec/lti-dl/claim/"
    assert claims["iss"] == platform.client_id
    assert claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] == (
        "LtiDeepLinkingResponse")
    assert claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] == "deploy-1"
    assert claims[dl + "data"] == "dl-opaque-1"
    [item] = claims[dl + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["url"] == platform.tool_launch_url
    assert item["custom"] == {"pod_playground_assignment": str(linked.pk)}
    assert item["lineItem"]["scoreMaximum"] == 10.0
    # The platform verifies it with the tool's JWKS and places the link.
    request = urllib.request.Request(action, data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    assert platform.deep_links[0]["custom"] == {"pod_playground_assignment": str(linked.pk)}
    # A learner cannot pick content.
    refused = launch(browser(), platform, student(message_type="LtiDeepLinkingRequest"))
    assert refused.status_code == 403


def test_deep_linking_an_exercise_makes_an_assignment_of_it(
    platform: Platform, linked: Assignment,
) -> None:
    client = browser()
    launch(client, platform, teacher(message_type="LtiDeepLinkingRequest"))
    exercise = linked.items.get().exercise
    client.post("/grading/lti/deep-link/", {"choice": f"exercise:{exercise.pk}"})
    made = Assignment.objects.exclude(pk=linked.pk).get()
    assert made.course == linked.course and made.items.get().exercise == exercise


def test_the_roster_sync_adds_learners_and_drops_inactive_ones(
    platform: Platform, linked: Assignment,
) -> None:
    course: Course = linked.course
    client = browser()
    launch(client, platform, teacher(custom=learner_custom(linked), resource_link_id="link-2"))
    launch(browser(), platform, student("s-gone", custom=learner_custom(linked)))
    platform.members["course-1"] = [
        {"user_id": "s-2", "roles": [LEARNER], "status": "Active", "name": "Ada Lovelace",
         "given_name": "Ada", "family_name": "Lovelace", "email": "ada@example.edu"},
        {"user_id": "s-gone", "roles": [LEARNER], "status": "Inactive", "name": "Alan Turing"},
        {"user_id": "t-1", "roles": [INSTRUCTOR], "status": "Active", "name": "Grace Hopper"},
    ]
    response = client.post(f"/grading/lti/courses/{course.pk}/roster/")
    assert response.status_code == 302
    assert [u.first_name for u in course.learners.all()] == ["Ada"]
    assert any(t["scope"].endswith("contextmembership.readonly") for t in platform.tokens)
    # The learner added from the roster launches later into the same account.
    launch(browser(), platform, student("s-2", custom=learner_custom(linked)))
    assert User.objects.filter(first_name="Ada").count() == 1


# The LIS Teaching Assistant: the Instructor sub-role (Canvas sends it beside Instructor) and
# the context role.
TA_SUB_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
TA_CONTEXT_ROLE = ROLE + "TeachingAssistant"


def assistant(sub: str = "ta-1", roles: list[str] | None = None, **kw: Any) -> LaunchSpec:
    return LaunchSpec(sub=sub, roles=roles or [INSTRUCTOR, TA_SUB_ROLE], name="Viola Hathaway",
                      email="viola@example.edu", **kw)


@pytest.mark.parametrize("roles", [[INSTRUCTOR, TA_SUB_ROLE], [TA_SUB_ROLE], [TA_CONTEXT_ROLE],
                                   ["TeachingAssistant"]])
def test_an_lms_teaching_assistant_is_a_read_only_course_ta(
    platform: Platform, linked: Assignment, roles: list[str],
) -> None:
    client = browser()
    response = launch(client, platform, assistant(roles=roles, custom=learner_custom(linked),
                                                  resource_link_id="link-ta"))
    assert response.status_code == 302, response.content.decode()[-900:]
    assert response["Location"] == f"/grading/teach/assignments/{linked.pk}/"
    viola = User.objects.get(first_name="Viola")
    course = linked.course
    assert course.roles.get(user=viola).role == CourseRole.Role.TA
    assert not viola.has_perm("grading.author_exercise")  # a TA needs no instructor account
    assert not course.learners.filter(pk=viola.pk).exists()
    assert client.get(response["Location"]).status_code == 200
    gradebook = client.get(f"/grading/teach/assignments/{linked.pk}/gradebook/")
    assert gradebook.status_code == 200
    item = linked.items.get()
    assert client.post(f"/grading/teach/items/{item.pk}/regrade/",
                       {"exercise": item.exercise_id}).status_code == 403
    # A TA does not choose the LMS's content either.
    refused = launch(browser(), platform, assistant(roles=roles,
                                                    message_type="LtiDeepLinkingRequest"))
    assert refused.status_code == 403


def test_a_ta_the_owner_made_an_instructor_stays_one_on_the_next_launch(
    platform: Platform, linked: Assignment,
) -> None:
    spec = assistant(custom=learner_custom(linked), resource_link_id="link-ta")
    launch(browser(), platform, spec)
    viola = User.objects.get(first_name="Viola")
    course = linked.course
    grace = course.roles.get(role=CourseRole.Role.OWNER).user
    services.instructor_grant(user=viola)  # an instructor needs an instructor account
    people.course_member_role_set(course=course, by=grace, user_id=viola.pk, role="instructor")
    response = launch(browser(), platform, spec)
    assert course.roles.get(user=viola).role == CourseRole.Role.INSTRUCTOR
    assert response["Location"] == f"/grading/teach/assignments/{linked.pk}/"
    # And the other way round: an LMS instructor the owner made a TA stays a TA.
    second = LaunchSpec(sub="t-2", roles=[INSTRUCTOR], name="Ada Lovelace",
                        custom=learner_custom(linked), resource_link_id="link-3")
    launch(browser(), platform, second)
    ada = User.objects.get(first_name="Ada")
    people.course_member_role_set(course=course, by=grace, user_id=ada.pk, role="ta")
    launch(browser(), platform, second)
    assert course.roles.get(user=ada).role == CourseRole.Role.TA


def test_the_roster_sync_makes_the_lms_teaching_assistants_tas(
    platform: Platform, linked: Assignment,
) -> None:
    course: Course = linked.course
    client = browser()
    launch(client, platform, teacher(custom=learner_custom(linked), resource_link_id="link-2"))
    platform.members["course-1"] = [
        {"user_id": "ta-2", "roles": [INSTRUCTOR, TA_SUB_ROLE], "status": "Active",
         "name": "Viola Hathaway", "given_name": "Viola", "family_name": "Hathaway"},
        {"user_id": "ta-3", "roles": ["TeachingAssistant"], "status": "Active",
         "name": "Sebastian Brook", "given_name": "Sebastian", "family_name": "Brook"},
        {"user_id": "t-3", "roles": [INSTRUCTOR], "status": "Active", "name": "Ada Lovelace",
         "given_name": "Ada", "family_name": "Lovelace"},
        {"user_id": "t-1", "roles": [INSTRUCTOR], "status": "Active", "name": "Grace Hopper"},
    ]
    assert client.post(f"/grading/lti/courses/{course.pk}/roster/").status_code == 302
    assert {r.user.first_name: r.role for r in course.roles.select_related("user")} == {
        "Grace": "owner", "Viola": "ta", "Sebastian": "ta", "Ada": "instructor"}


def _solve_partly(store: MemoryStore, user: User, assignment: Assignment) -> None:
    item = assignment.items.get()
    sandbox = services.sandbox_ensure(user=user, item=item)
    name = pod_name(sandbox.seed)
    run(store, sandbox.sandbox_id, f"kubectl run {name} --image=nginx")  # wrong image: 3 of 6
    run(store, sandbox.sandbox_id, f"kubectl describe pod {name}")


def _a_failed_passback(platform: Platform, linked: Assignment, memory_store: MemoryStore,
                       capture: Any, lang: str = "en",
                       teacher_link: str = "link-1") -> tuple[Client, User]:
    """A teacher (from ``teacher_link``, the learner's own link by default) and Alan launched
    from the LMS; Alan's partial grade fails to reach a platform that answers 503 to every
    score: the teacher's client and Alan."""
    teacher_client = browser(lang)
    launch(teacher_client, platform, teacher(custom=learner_custom(linked),
                                             resource_link_id=teacher_link))
    launch(browser(), platform, student(custom=learner_custom(linked)))
    alan = User.objects.get(first_name="Alan")
    _solve_partly(memory_store, alan, linked)
    platform.fail_scores = 100
    with capture(execute=True):
        services.submission_create(user=alan, item=linked.items.get())
    return teacher_client, alan


def test_a_graded_submission_posts_partial_credit_to_the_platform(
    platform: Platform, linked: Assignment, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any, ada: User,
) -> None:
    launch(browser(), platform, student(custom=learner_custom(linked)))
    alan = User.objects.get(first_name="Alan")
    _solve_partly(memory_store, alan, linked)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(user=alan, item=linked.items.get())
    [score] = platform.scores
    [column] = platform.lineitems  # found none by resource id, so the tool created it
    assert (column["scoreMaximum"], column["resourceId"]) == (10.0, f"assignment-{linked.pk}")
    assert score["lineitem"] == column["id"]
    assert score["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("s-1", 5.0, 10.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert LtiAssignmentLink.objects.get().lineitem_url == column["id"]
    # A manual grade is passed back too, to the same column.
    with django_capture_on_commit_callbacks(execute=True):
        services.grade_override(user=alan, item=linked.items.get(), points=7.5, reason="oral",
                                by=ada)
    assert [s["scoreGiven"] for s in platform.scores] == [5.0, 7.5]
    assert len(platform.lineitems) == 1
    row = LtiScore.objects.get()
    assert (row.status, row.score_given, row.score_maximum) == ("sent", 7.5, 10.0)


def test_a_platform_failure_is_recorded_retried_and_shown_to_the_instructor(
    platform: Platform, linked: Assignment, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    teacher_client, alan = _a_failed_passback(platform, linked, memory_store,
                                              django_capture_on_commit_callbacks)
    row = LtiScore.objects.get()
    assert row.status == "failed" and "503" in row.last_error and row.attempts == 7
    assert alan.submission_set.get().points == 5.0  # the grade itself is kept here
    page = teacher_client.get(f"/grading/teach/assignments/{linked.pk}/")
    assert b"failed: 1" in page.content and b"503" in page.content
    platform.fail_scores = 0
    with django_capture_on_commit_callbacks(execute=True):
        teacher_client.post(f"/grading/lti/assignments/{linked.pk}/scores/resend/")
    assert [s["scoreGiven"] for s in platform.scores] == [5.0]
    assert LtiScore.objects.get().status == "sent"


def test_withheld_grades_wait_for_the_due_date(
    platform: Platform, linked: Assignment, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    launch(browser(), platform, student(custom=learner_custom(linked)))
    Assignment.objects.filter(pk=linked.pk).update(due_at=None)  # hidden checks stay hidden
    alan = User.objects.get(first_name="Alan")
    _solve_partly(memory_store, alan, linked)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(user=alan, item=linked.items.get())
    assert platform.scores == []
    assert LtiScore.objects.get().last_error == passback.WITHHELD


def test_over_https_the_launch_cookies_are_cross_site_and_the_launch_works(
    platform: Platform, linked: Assignment,
) -> None:
    platform.tool_launch_url = "https://testserver/grading/lti/launch/"
    client = browser()
    hint = uuid.uuid4().hex
    platform.launches[hint] = student(custom=learner_custom(linked))
    login = client.get(urlsplit(platform.tool_login_url).path, platform.login_query(hint),
                       secure=True)
    assert login.status_code == 302
    lti_cookies = {name: morsel for name, morsel in login.cookies.items()
                   if name.startswith("lti1p3-")}
    assert any(name.startswith("lti1p3-state-") for name in lti_cookies)
    assert "lti1p3-session-id" in lti_cookies  # launch data is per browser over https
    for morsel in lti_cookies.values():
        assert (morsel["samesite"], morsel["secure"], morsel["httponly"]) == ("None", True, True)
    _, page = fetch(login["Location"])
    action, fields = form_fields(page)
    response = client.post(urlsplit(action).path, fields, secure=True)
    assert response.status_code == 302
    assert response["Location"] == f"/grading/items/{linked.items.get().pk}/"


def test_a_login_from_an_unregistered_platform_is_refused(platform: Platform) -> None:
    query = {**platform.login_query("x"), "iss": "https://stranger.example"}
    response = browser().get(urlsplit(platform.tool_login_url).path, query)
    assert response.status_code == 400
    assert b"The LMS log-in was refused" in response.content


def test_the_tool_publishes_its_public_key_only(platform: Platform) -> None:
    [key] = browser().get("/grading/lti/jwks.json").json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert "d" not in key and "p" not in key


def test_the_refused_page_speaks_korean(platform: Platform) -> None:
    response = launch(browser("ko"), platform, student(exp_offset=-60))
    assert "LMS에서의 실행이 거부되었습니다" in response.content.decode()


def test_an_account_made_with_the_lms_username_is_never_handed_to_the_lms_user(
    platform: Platform, linked: Assignment,
) -> None:
    registration_pk = LtiCourse.objects.get().context.deployment.registration_id
    squatter = User.objects.create_user(
        adapter.stable_username(registration_pk=registration_pk, sub="s-1"), password="pw-x-123")
    client = browser()
    launch(client, platform, student(custom=learner_custom(linked)))
    alan = User.objects.get(first_name="Alan")
    assert alan != squatter and not linked.course.learners.filter(pk=squatter.pk).exists()
    assert int(client.session["_auth_user_id"]) == alan.pk


def test_the_lms_pages_read_as_korean(
    platform: Platform, linked: Assignment, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.korean_pages import english_literals

    teacher_client, _ = _a_failed_passback(platform, linked, memory_store,
                                           django_capture_on_commit_callbacks, lang="ko",
                                           teacher_link="link-2")
    own = frozenset({"Kubernetes 101", "Lab 1", "Demo pod", "grading-demo", "Alan Turing",
                     "Grace Hopper", *LtiScore.objects.values_list("last_error", flat=True),
                     *User.objects.values_list("username", flat=True)})
    pages = [f"/grading/teach/assignments/{linked.pk}/",
             f"/grading/teach/courses/{linked.course.pk}/"]
    launch(teacher_client, platform, teacher(message_type="LtiDeepLinkingRequest"))
    pages.append("/grading/lti/deep-link/")
    for path in pages:
        html = teacher_client.get(path).content.decode()
        assert 'id="lti-' in html or "deep-link-form" in html, path
        assert english_literals(html, user_content=own) == [], path
    back = teacher_client.post("/grading/lti/deep-link/", {"choice": f"assignment:{linked.pk}"})
    assert english_literals(back.content.decode(), user_content=own) == []
    refused = launch(browser("ko"), platform, student(exp_offset=-60))
    assert english_literals(refused.content.decode(),
                            user_content=own) == []


def test_an_added_item_resends_totals_and_the_sweep_waits_for_withheld_grades(
    platform: Platform, linked: Assignment, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    launch(browser(), platform, student(custom=learner_custom(linked)))
    alan = User.objects.get(first_name="Alan")
    _solve_partly(memory_store, alan, linked)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(user=alan, item=linked.items.get())
    exercise = linked.items.get().exercise
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_item_add(assignment=linked, exercise=exercise, points=5)
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in platform.scores] == [
        (5.0, 10.0), (5.0, 15.0)]
    # Withheld (no due date): the sweep sends nothing, even long after.
    Assignment.objects.filter(pk=linked.pk).update(due_at=None)
    LtiScore.objects.update(status="pending")
    later = datetime(2100, 1, 1, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert passback.scores_sweep(now=later) == 0
    Assignment.objects.filter(pk=linked.pk).update(due_at=datetime(2020, 1, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert passback.scores_sweep(now=later) == 1
    assert len(platform.scores) == 3 and LtiScore.objects.get().status == "sent"
