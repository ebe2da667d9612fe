"""The one module that imports the LTI libraries: django-lti (``lti_tool``: registrations,
deployments, the tool's keys, LTI users, contexts, memberships, resource links) and PyLTI1p3
(OIDC login, id_token validation, Deep Linking JWTs, the NRPS and AGS service calls).

Everything else in ``grading.lti`` gets plain dataclasses from here and never a library object,
so a library upgrade or swap touches this file only. Every call out to a platform has a timeout
(PyLTI1p3's own requests session has none, and a hung platform must not hold a worker).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import requests
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import Key, LtiContext, LtiDeployment, LtiLaunch, LtiRegistration, LtiUser
from lti_tool.utils import DjangoToolConfig, sync_data_from_launch
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.grade import Grade
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from grading.lti.models import LtiStoredValue

TIMEOUT_SECONDS = 20
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READ_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
_DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
_AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# What a malformed but signed token, or an unreachable platform, raises inside the libraries.
_REFUSALS = (LtiException, OIDCException, requests.RequestException, KeyError, TypeError,
             ValueError)


_NONCE_USED = "This launch was already used or has expired (its nonce is not one waiting)."


class LaunchRefused(Exception):
    """A login or launch that is not accepted; the message says why (shown to the person)."""


class ServiceError(Exception):
    """A platform service call (NRPS, AGS) that failed; the message is for the instructor."""


# ----- PyLTI1p3's storage and HTTP session -----


class _DatabaseStorage(LaunchDataStorage[Any]):
    """Nonces, state checks and launch data in ``LtiStoredValue`` (shared by all processes).

    As PyLTI1p3's cache storage does: over plain http there is no per-browser prefix (browsers
    drop the cross-site cookie it would need); over https keys are per browser session."""

    def get_session_cookie_name(self) -> str | None:
        assert self._request is not None
        return super().get_session_cookie_name() if self._request.is_secure() else None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> Any:
        row = LtiStoredValue.objects.filter(key=self._prepare_key(key)).first()
        if row is None or (row.expires_at is not None and row.expires_at < timezone.now()):
            return None
        return row.value

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        expires = timezone.now() + timedelta(seconds=exp) if exp else None
        LtiStoredValue.objects.update_or_create(
            key=self._prepare_key(key), defaults={"value": value, "expires_at": expires})

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None

    def consume(self, key: str) -> bool:
        """Delete ``key``; True for the one caller that deleted it (DELETE is atomic)."""
        deleted, _ = LtiStoredValue.objects.filter(
            key=self._prepare_key(key), expires_at__gte=timezone.now()).delete()
        return deleted > 0


class _TimeoutSession(requests.Session):
    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


def stored_values_expire() -> int:
    """Delete expired nonces and launch data (the sweep calls it); returns how many."""
    deleted, _ = LtiStoredValue.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


# ----- registration and the tool's keys -----


@dataclass(frozen=True)
class Registration:
    pk: int
    uuid: str
    name: str
    issuer: str
    client_id: str
    deployment_ids: tuple[str, ...]


def tool_key_ensure() -> None:
    """The tool's RSA key pair (its public half is the JWKS): made once, kept in the database."""
    if not Key.objects.filter(is_active=True).exists():
        Key.objects.generate()


def tool_jwks() -> dict[str, Any]:
    tool_key_ensure()  # a registration made in the admin has no key of its own
    return dict(Key.objects.as_jwks())


def registration_save(*, name: str, issuer: str, client_id: str, auth_url: str,
                      token_url: str, keyset_url: str, deployment_ids: list[str]) -> Registration:
    """Create or update the platform (issuer, client id) and activate the given deployments."""
    tool_key_ensure()
    registration, _ = LtiRegistration.objects.update_or_create(
        issuer=issuer, client_id=client_id,
        defaults={"name": name, "auth_url": auth_url, "token_url": token_url,
                  "keyset_url": keyset_url, "is_active": True})
    for deployment_id in deployment_ids:
        LtiDeployment.objects.update_or_create(
            registration=registration, deployment_id=deployment_id,
            defaults={"is_active": True})
    ids = tuple(registration.deployments.filter(is_active=True)
                .values_list("deployment_id", flat=True))
    return Registration(pk=registration.pk, uuid=str(registration.uuid), name=registration.name,
                        issuer=issuer, client_id=client_id, deployment_ids=ids)


# ----- login and launch -----


def oidc_login(request: HttpRequest, *, registration_uuid: str, launch_url: str) -> HttpResponse:
    """Third-party initiated login: answer with the redirect to the platform's auth endpoint
    (state cookie, nonce stored). The platform gets our launch URL as ``redirect_uri``, never
    the ``target_link_uri`` it sent, so nothing sends the browser elsewhere."""
    login = DjangoOIDCLogin(request, DjangoToolConfig(registration_uuid),
                            launch_data_storage=_DatabaseStorage())
    try:
        return login.disable_check_cookies().redirect(launch_url)
    except _REFUSALS as error:
        raise LaunchRefused(str(error)) from error


@dataclass(frozen=True)
class DeepLinkSettings:
    registration_pk: int
    deployment_id: str
    return_url: str
    data: Any


@dataclass(frozen=True)
class Launch:
    """A validated launch: every field comes from the signed id_token (or django-lti's records
    of it). ``*_pk`` are rows of django-lti's tables."""

    kind: str  # resource | deep_link
    registration_pk: int
    lti_user_pk: int
    auth_user_id: int | None
    sub: str
    name: str
    given_name: str
    family_name: str
    email: str
    context_pk: int
    context_title: str
    resource_link_pk: int | None
    resource_link_title: str
    is_instructor: bool
    is_learner: bool
    is_teaching_assistant: bool = False
    custom: dict[str, str] = field(default_factory=dict)
    ags_scopes: tuple[str, ...] = ()
    lineitems_url: str = ""
    lineitem_url: str = ""
    deep_link: DeepLinkSettings | None = None


_LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership"
_TEACHING_ASSISTANT = frozenset({_LIS + "#TeachingAssistant",
                                 _LIS + "/Instructor#TeachingAssistant"})


def _is_teaching_assistant(roles: list[str]) -> bool:
    """The LIS Teaching Assistant role, as the context role (``membership#TeachingAssistant``)
    or as the Instructor sub-role (``membership/Instructor#TeachingAssistant``, what Canvas
    sends, often beside ``membership#Instructor``). django-lti records neither, and PyLTI1p3's
    TeachingAssistantRole misreads the context role's URI (it finds the sub-role only), so the
    two URIs are compared here. Short names (``TeachingAssistant``) are expanded first."""
    return any(normalize_role(str(role)) in _TEACHING_ASSISTANT for role in roles)


def _launch_facts(lti_launch: LtiLaunch) -> Launch:
    data = lti_launch.get_launch_data()
    membership = lti_launch.membership
    user = lti_launch.user
    context = lti_launch.context
    ags = data.get(_AGS_CLAIM) or {}
    deep_link = None
    resource_link_pk, resource_link_title = None, ""
    if lti_launch.is_deep_link_launch:
        settings = data[_DL_CLAIM]
        deep_link = DeepLinkSettings(
            registration_pk=lti_launch.registration.pk,
            deployment_id=str(data[_CLAIM + "deployment_id"]),
            return_url=str(settings["deep_link_return_url"]), data=settings.get("data"))
    else:
        resource_link_pk = lti_launch.resource_link.pk
        resource_link_title = lti_launch.resource_link.title
    return Launch(
        kind="deep_link" if deep_link else "resource",
        registration_pk=lti_launch.registration.pk, lti_user_pk=user.pk,
        auth_user_id=user.auth_user_id, sub=user.sub, name=user.name,
        given_name=user.given_name, family_name=user.family_name, email=user.email,
        context_pk=context.pk, context_title=context.title or context.label or "",
        resource_link_pk=resource_link_pk, resource_link_title=resource_link_title,
        # Administrators of the course teach it as instructors do (Moodle's managers).
        is_instructor=membership.is_instructor or membership.is_administrator,
        is_learner=membership.is_learner,
        is_teaching_assistant=_is_teaching_assistant(data.get(_CLAIM + "roles") or []),
        custom={str(k): str(v) for k, v in (data.get(_CLAIM + "custom") or {}).items()},
        ags_scopes=tuple(ags.get("scope") or ()), lineitems_url=str(ags.get("lineitems", "")),
        lineitem_url=str(ags.get("lineitem", "")), deep_link=deep_link)


def launch_validate(request: HttpRequest) -> Launch:
    """Validate the platform's POST (state, id_token signature against the platform's JWKS,
    expiry, audience = a registered client id, nonce, deployment, message claims), refuse a
    nonce seen before, record the user, context, membership and resource link."""
    storage = _DatabaseStorage()
    message = DjangoMessageLaunch(request, DjangoToolConfig(), launch_data_storage=storage,
                                  requests_session=_TimeoutSession())
    try:
        message.validate()
        nonce = str(message.get_launch_data()["nonce"])
    except _REFUSALS as error:
        if str(error) == "Invalid Nonce":  # not issued by our login, or consumed below
            raise LaunchRefused(_NONCE_USED) from error
        raise LaunchRefused(str(error)) from error
    # PyLTI1p3 checks that the nonce was issued but never forgets it: a replayed id_token
    # would pass. The first launch with a nonce consumes it.
    if not storage.consume("lti1p3-nonce-" + nonce):
        raise LaunchRefused(_NONCE_USED)
    lti_launch = LtiLaunch(message)
    if not (lti_launch.is_resource_launch or lti_launch.is_deep_link_launch):
        raise LaunchRefused("Only resource link and deep linking launches are supported.")
    try:
        sync_data_from_launch(lti_launch)
    except _REFUSALS as error:
        raise LaunchRefused(str(error)) from error
    if not lti_launch.deployment.is_active:
        raise LaunchRefused("This deployment is not active; the operator registers it first.")
    return _launch_facts(lti_launch)


def lti_user_link(*, lti_user_pk: int, user_id: int) -> None:
    LtiUser.objects.filter(pk=lti_user_pk).update(auth_user_id=user_id)


def stable_username(*, registration_pk: int, sub: str) -> str:
    """``lti-`` + a digest of issuer and ``sub``: readable in the admin as an LMS account, and
    no name from a claim is trusted for it."""
    issuer = LtiRegistration.objects.values_list("issuer", flat=True).get(pk=registration_pk)
    return "lti-" + hashlib.sha256(f"{issuer}\n{sub}".encode()).hexdigest()[:32]


# ----- deep linking -----


def deep_link_jwt(*, settings: DeepLinkSettings, title: str, url: str, custom: dict[str, str],
                  score_maximum: float, resource_id: str) -> str:
    """The signed LtiDeepLinkingResponse with one ltiResourceLink and its line item."""
    registration = LtiRegistration.objects.get(pk=settings.registration_pk).to_registration()
    lineitem = (LineItem().set_score_maximum(score_maximum).set_label(title)
                .set_resource_id(resource_id))
    resource = (DeepLinkResource().set_type("ltiResourceLink").set_title(title).set_url(url)
                .set_custom_params(custom).set_lineitem(lineitem))
    link = DeepLink(registration, settings.deployment_id,
                    {"deep_link_return_url": settings.return_url, "data": settings.data})
    return str(link.get_response_jwt([resource]))


# ----- names and roles -----


@dataclass(frozen=True)
class Member:
    lti_user_pk: int
    auth_user_id: int | None
    registration_pk: int
    sub: str
    name: str
    given_name: str
    family_name: str
    email: str
    is_instructor: bool
    is_learner: bool
    is_active: bool
    is_teaching_assistant: bool = False


def _connector(registration: LtiRegistration) -> ServiceConnector:
    return ServiceConnector(registration.to_registration(), requests_session=_TimeoutSession())


def roster_fetch(*, context_pk: int) -> list[Member]:
    """The course's members from the platform's NRPS endpoint, recorded in django-lti's tables."""
    context = LtiContext.objects.select_related("deployment__registration").get(pk=context_pk)
    if not context.memberships_url:
        raise ServiceError("The platform offers no roster (Names and Role Provisioning) for "
                           "this course.")
    registration = context.deployment.registration
    service = NamesRolesProvisioningService(
        _connector(registration), {"context_memberships_url": context.memberships_url})
    try:
        members = service.get_members()
        context.update_memberships(members)
    except _REFUSALS as error:
        raise ServiceError(f"roster request failed: {error}") from error
    roles = {str(m["user_id"]): list(m.get("roles") or []) for m in members}
    rows = context.memberships.select_related("user").filter(
        user__sub__in=[m["user_id"] for m in members])
    return [Member(lti_user_pk=row.user.pk, auth_user_id=row.user.auth_user_id,
                   registration_pk=registration.pk, sub=row.user.sub, name=row.user.name,
                   given_name=row.user.given_name, family_name=row.user.family_name,
                   email=row.user.email, is_instructor=row.is_instructor or row.is_administrator,
                   is_learner=row.is_learner, is_active=row.is_active,
                   is_teaching_assistant=_is_teaching_assistant(roles.get(row.user.sub, [])))
            for row in rows]


# ----- assignment and grade services -----


@dataclass(frozen=True)
class ScoreTarget:
    resource_link_pk: int
    scopes: tuple[str, ...]
    lineitems_url: str
    lineitem_url: str
    label: str
    resource_id: str


def user_sub(*, resource_link_pk: int, user_id: int) -> str | None:
    """The platform's ``sub`` of our user ``user_id`` on the link's platform, if they have one."""
    registration_pk = (LtiContext.objects.filter(resource_links__pk=resource_link_pk)
                       .values_list("deployment__registration_id", flat=True).first())
    return (LtiUser.objects.filter(registration_id=registration_pk, auth_user_id=user_id)
            .values_list("sub", flat=True).first())


def score_post(*, target: ScoreTarget, sub: str, score_given: float, score_maximum: float,
               timestamp: str) -> str:
    """Post one score (partial credit: scoreGiven of scoreMaximum, FullyGraded) to the link's
    line item, finding or creating it by resource id when the launch named none. Returns the
    line item URL used."""
    registration = (LtiRegistration.objects
                    .filter(deployments__contexts__resource_links__pk=target.resource_link_pk)
                    .distinct().get())
    if SCORE_SCOPE not in target.scopes:
        raise ServiceError("The platform did not grant the score scope for this link.")
    service_data: Any = {"scope": list(target.scopes), "lineitems": target.lineitems_url,
                         "lineitem": target.lineitem_url}
    service = AssignmentsGradesService(_connector(registration), service_data)
    grade = (Grade().set_score_given(score_given).set_score_maximum(score_maximum)
             .set_timestamp(timestamp).set_activity_progress("Completed")
             .set_grading_progress("FullyGraded").set_user_id(sub))
    try:
        if target.lineitem_url:
            lineitem = LineItem().set_id(target.lineitem_url).set_score_maximum(score_maximum)
        elif target.lineitems_url and LINEITEM_SCOPE in target.scopes:
            lineitem = service.find_or_create_lineitem(
                LineItem().set_label(target.label).set_score_maximum(score_maximum)
                .set_resource_id(target.resource_id).set_tag("pod-playground"),
                find_by="resource_id")
        else:
            raise ServiceError("The platform gave no line item for this link and does not let "
                               "the tool create one.")
        service.put_grade(grade, lineitem)
    except _REFUSALS as error:
        raise ServiceError(f"score not accepted: {error}") from error
    return str(lineitem.get_id())
