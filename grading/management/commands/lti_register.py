"""Register an LMS (an LTI 1.3 platform) with the tool and print what to enter in the LMS.

    manage.py lti_register --name Moodle --issuer https://moodle.example.edu \\
        --client-id abc123 --auth-url .../mod/lti/auth.php --token-url .../mod/lti/token.php \\
        --jwks-url .../mod/lti/certs.php --deployment-id 1 --base-url https://pods.example.edu

Running it again with the same issuer and client id updates the registration and adds
deployments (docs/DEPLOY.md, "LMS integration (LTI 1.3)").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from grading.lti import adapter


class Command(BaseCommand):
    help = "Register an LTI 1.3 platform (Moodle, Canvas, ...) and print the tool's URLs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--issuer", required=True, help="the platform's iss (its URL)")
        parser.add_argument("--client-id", required=True, help="the tool's client id there")
        parser.add_argument("--auth-url", required=True, help="OIDC authentication endpoint")
        parser.add_argument("--token-url", required=True, help="OAuth2 access token endpoint")
        parser.add_argument("--jwks-url", required=True, help="the platform's public keyset")
        parser.add_argument("--deployment-id", action="append", default=[], required=True)
        parser.add_argument("--base-url", default="https://your-playground.example",
                            help="this site's public URL, for the printed tool URLs")

    def handle(self, *args: Any, **options: Any) -> None:
        registration = adapter.registration_save(
            name=options["name"], issuer=options["issuer"], client_id=options["client_id"],
            auth_url=options["auth_url"], token_url=options["token_url"],
            keyset_url=options["jwks_url"], deployment_ids=options["deployment_id"])
        base = options["base_url"].rstrip("/")
        login = reverse("grading:lti_login", args=[registration.uuid])
        self.stdout.write(f"registration {registration.uuid} ({registration.name})\n"
                          f"deployments: {', '.join(registration.deployment_ids)}\n"
                          f"login URL (OIDC initiation): {base}{login}\n"
                          f"launch / redirect URL: {base}{reverse('grading:lti_launch')}\n"
                          f"deep linking URL: {base}{reverse('grading:lti_launch')}\n"
                          f"public keyset (JWKS) URL: {base}{reverse('grading:lti_jwks')}\n")
