"""A simulated LTI 1.3 platform (what Moodle or Canvas is to the tool), served by a real HTTP
server on a free loopback port for the tests: its own RSA key and JWKS, a launch page a browser
can start at (third-party initiated login), the OIDC auth endpoint that signs an id_token and
auto-posts it back, the OAuth2 token endpoint (client_credentials with a client assertion it
verifies against the tool's JWKS), NRPS memberships, AGS line items and scores, and the Deep
Linking return. It records what it receives (``tokens``, ``scores``, ``lineitems``,
``deep_link_jwts``). Written from the LTI 1.3 Core, Deep Linking 2.0, NRPS 2.0 and AGS 2.0
specifications, independently of the libraries the tool uses."""

from __future__ import annotations

import html
import json
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR, LEARNER = ROLE + "Instructor", ROLE + "Learner"
AGS_SCOPES = ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
              "https://purl.imsglobal.org/spec/lti-ags/scope/score",
              "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
KID = "platform-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class LaunchSpec:
    """Who launches what; the ``bad_*`` fields make a token the tool must refuse."""

    sub: str
    roles: list[str]
    name: str = ""
    email: str = ""
    context_id: str = "course-1"
    context_title: str = "Kubernetes 101"
    resource_link_id: str = "link-1"
    message_type: str = "LtiResourceLinkRequest"
    custom: dict[str, str] = field(default_factory=dict)
    lineitem: str = ""  # the AGS claim's lineitem (a column the platform made for the link)
    exp_offset: int = 300
    aud: str = ""  # default: the client id
    signing_key: rsa.RSAPrivateKey | None = None  # default: the platform's key


class Platform:
    def __init__(self, *, client_id: str = "pod-playground", deployment_id: str = "deploy-1"):
        self.key = new_key()
        self.client_id, self.deployment_id = client_id, deployment_id
        self.base = ""
        self.tool_login_url = self.tool_launch_url = ""
        self.tool_jwks: Callable[[], dict[str, Any]] = lambda: {"keys": []}
        self.launches: dict[str, LaunchSpec] = {}
        self.members: dict[str, list[dict[str, Any]]] = {}
        self.tokens: list[dict[str, Any]] = []
        self.lineitems: list[dict[str, Any]] = []
        self.scores: list[dict[str, Any]] = []
        self.deep_link_jwts: list[str] = []
        self.deep_links: list[dict[str, Any]] = []  # placements made from deep link responses
        self.fail_scores = 0  # answer this many score posts with 503 first
        self.lock = threading.Condition()

    @property
    def issuer(self) -> str:
        return self.base

    def url(self, path: str) -> str:
        return self.base + path

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}

    # ----- the launch: login initiation and the signed id_token -----

    def launch_page(self, hint: str) -> str:
        """The page a learner clicks in the LMS: it starts the tool's OIDC login."""
        fields = {"iss": self.issuer, "login_hint": hint, "lti_message_hint": hint,
                  "target_link_uri": self.tool_launch_url, "client_id": self.client_id,
                  "lti_deployment_id": self.deployment_id}
        return _auto_post(self.tool_login_url, fields)

    def login_query(self, hint: str) -> dict[str, str]:
        return {"iss": self.issuer, "login_hint": hint, "lti_message_hint": hint,
                "target_link_uri": self.tool_launch_url, "client_id": self.client_id,
                "lti_deployment_id": self.deployment_id}

    def id_token(self, spec: LaunchSpec, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": spec.aud or self.client_id, "sub": spec.sub,
            "iat": now, "exp": now + spec.exp_offset, "nonce": nonce,
            "name": spec.name, "email": spec.email,
            LTI + "message_type": spec.message_type, LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": self.tool_launch_url, LTI + "roles": spec.roles,
            LTI + "context": {"id": spec.context_id, "label": "K8S", "title": spec.context_title,
                              "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#"
                                       "CourseOffering"]},
            LTI + "custom": spec.custom,
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.url(f"/nrps/{spec.context_id}"),
                "service_versions": ["2.0"]},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": AGS_SCOPES, "lineitems": self.url(f"/ags/{spec.context_id}/lineitems"),
                **({"lineitem": spec.lineitem} if spec.lineitem else {})},
        }
        if spec.message_type == "LtiDeepLinkingRequest":
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": self.url("/deep_link_return"),
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"], "data": "dl-opaque-1"}
        else:
            claims[LTI + "resource_link"] = {"id": spec.resource_link_id, "title": "Pod lab"}
        return jwt.encode(claims, spec.signing_key or self.key, algorithm="RS256",
                          headers={"kid": KID})

    def authorize(self, params: dict[str, str]) -> tuple[int, str]:
        """The OIDC auth endpoint: checks the request, answers with the form_post page."""
        spec = self.launches.get(params.get("login_hint", ""))
        problems = [name for name, ok in [
            ("client_id", params.get("client_id") == self.client_id),
            ("redirect_uri", params.get("redirect_uri") == self.tool_launch_url),
            ("response_type", params.get("response_type") == "id_token"),
            ("scope", params.get("scope") == "openid"),
            ("nonce", bool(params.get("nonce"))), ("login_hint", spec is not None)] if not ok]
        if problems or spec is None:
            return 400, "invalid authentication request: " + ", ".join(problems)
        token = self.id_token(spec, params["nonce"])
        return 200, _auto_post(params["redirect_uri"],
                               {"id_token": token, "state": params.get("state", "")})

    # ----- services -----

    def access_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        assertion = form.get("client_assertion", "")
        try:
            header = jwt.get_unverified_header(assertion)
            key = next(k for k in self.tool_jwks()["keys"] if k.get("kid") == header.get("kid"))
            claims = jwt.decode(assertion, RSAAlgorithm.from_jwk(json.dumps(key)),  # type: ignore[arg-type]
                                algorithms=["RS256"], audience=self.url("/token"))
        except (StopIteration, jwt.InvalidTokenError) as error:
            return 401, {"error": "invalid_client", "error_description": str(error)}
        if form.get("grant_type") != "client_credentials" or claims["sub"] != self.client_id:
            return 400, {"error": "invalid_grant"}
        token = uuid.uuid4().hex
        with self.lock:
            self.tokens.append({"token": token, "scope": form.get("scope", "")})
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                     "scope": form.get("scope", "")}

    def deep_link_received(self, token: str) -> tuple[int, str]:
        """As a platform does with a Deep Linking response: verify it (the tool's key, audience
        = this issuer), place each resource link, and make the line item it asks for."""
        try:
            header = jwt.get_unverified_header(token)
            key = next(k for k in self.tool_jwks()["keys"] if k.get("kid") == header.get("kid"))
            claims = jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(key)),  # type: ignore[arg-type]
                                algorithms=["RS256"], audience=self.issuer)
        except (StopIteration, jwt.InvalidTokenError) as error:
            return 400, f"<p id='platform-error'>{html.escape(str(error))}</p>"
        for item in claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]:
            placed = {"custom": item.get("custom") or {}, "title": item.get("title"),
                      "lineitem": ""}
            if item.get("lineItem"):
                line = {**item["lineItem"], "context": "course-1"}
                line["id"] = self.url(f"/ags/course-1/lineitems/{len(self.lineitems) + 1}")
                self.lineitems.append(line)
                placed["lineitem"] = line["id"]
            self.deep_links.append(placed)
        return 200, "<p id='platform-received'>Content added.</p>"

    def wait_for_scores(self, count: int, timeout: float) -> list[dict[str, Any]]:
        """The scores once ``count`` have arrived (woken by each post), or what came by then."""
        with self.lock:
            self.lock.wait_for(lambda: len(self.scores) >= count, timeout=timeout)
            return list(self.scores)

    def authorized(self, header: str, scope: str) -> bool:
        token = header.removeprefix("Bearer ").strip()
        return any(t["token"] == token and scope in t["scope"].split() for t in self.tokens)


def _auto_post(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    return (f'<!doctype html><html><body><form id="f" method="post" '
            f'action="{html.escape(action)}">{inputs}<button>Continue</button></form>'
            "<script>document.getElementById('f').submit()</script></body></html>")


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """(action, fields) of an auto-post page (what a browser would submit)."""
    import re

    action = html.unescape(re.search(r'action="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    fields = {html.unescape(k): html.unescape(v) for k, v in
              re.findall(r'name="([^"]*)" value="([^"]*)"', page)}
    return action, fields


class _Handler(BaseHTTPRequestHandler):
    platform: Platform

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: str | dict[str, Any] | list[Any], ctype: str = "") -> None:
        data = body if isinstance(body, str) else json.dumps(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype or ("text/html; charset=utf-8" if isinstance(
            body, str) else "application/json"))
        self.send_header("Content-Length", str(len(data.encode())))
        self.end_headers()
        self.wfile.write(data.encode())

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        p = self.platform
        if url.path == "/jwks":
            return self._send(200, p.jwks())
        if url.path == "/launch":
            return self._send(200, p.launch_page(query.get("hint", "")))
        if url.path == "/auth":
            return self._send(*p.authorize(query))
        parts = url.path.strip("/").split("/")
        auth = self.headers.get("Authorization", "")
        if parts[0] == "nrps" and len(parts) == 2:
            if not p.authorized(auth, NRPS_SCOPE):
                return self._send(401, {"error": "unauthorized"})
            return self._send(200, {"id": p.url(url.path), "context": {"id": parts[1]},
                                    "members": p.members.get(parts[1], [])},
                              "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
        if parts[0] == "ags" and parts[2:] == ["lineitems"]:
            if not p.authorized(auth, AGS_SCOPES[0]):
                return self._send(401, {"error": "unauthorized"})
            items = [i for i in p.lineitems if i["context"] == parts[1]]
            return self._send(200, [{k: v for k, v in i.items() if k != "context"}
                                    for i in items],
                              "application/vnd.ims.lis.v2.lineitemcontainer+json")
        return self._send(404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        p = self.platform
        raw = self._body()
        if url.path == "/auth":
            return self._send(*p.authorize(dict(urllib.parse.parse_qsl(raw.decode()))))
        if url.path == "/token":
            return self._send(*p.access_token(dict(urllib.parse.parse_qsl(raw.decode()))))
        if url.path == "/deep_link_return":
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            with p.lock:
                p.deep_link_jwts.append(form.get("JWT", ""))
            status, answer = p.deep_link_received(form.get("JWT", ""))
            return self._send(status, answer)
        parts = url.path.strip("/").split("/")
        auth = self.headers.get("Authorization", "")
        if parts[0] == "ags" and parts[2:] == ["lineitems"]:
            if not p.authorized(auth, AGS_SCOPES[0]):
                return self._send(401, {"error": "unauthorized"})
            with p.lock:
                item = {**json.loads(raw), "context": parts[1]}
                item["id"] = p.url(f"/ags/{parts[1]}/lineitems/{len(p.lineitems) + 1}")
                p.lineitems.append(item)
            return self._send(201, {k: v for k, v in item.items() if k != "context"},
                              "application/vnd.ims.lis.v2.lineitem+json")
        if parts[0] == "ags" and len(parts) == 5 and parts[4] == "scores":
            if not p.authorized(auth, AGS_SCOPES[1]):
                return self._send(401, {"error": "unauthorized"})
            with p.lock:
                if p.fail_scores > 0:
                    p.fail_scores -= 1
                    return self._send(503, {"error": "try later"})
                p.scores.append({"lineitem": p.url("/".join(["", *parts[:4]])),
                                 "content_type": self.headers.get("Content-Type", ""),
                                 **json.loads(raw)})
                p.lock.notify_all()
            return self._send(200, {})
        return self._send(404, "not found")


@contextmanager
def serve(platform: Platform) -> Iterator[Platform]:
    handler = type("Handler", (_Handler,), {"platform": platform})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    platform.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
