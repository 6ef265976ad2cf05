"""Sign-in, OpenID Connect and rate-limit settings read from the environment, loudly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from outturn.accounts.oidc import check_group_mapping
from outturn.security_settings import parse_group_mapping

CLEARED = ("OIDC_", "OUTTURN_OIDC", "OUTTURN_SIGN_IN", "OUTTURN_PRODUCTION", "DEBUG", "SECRET_KEY")


def load_settings(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with ``env``, then run ``code`` (s = settings)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import outturn.settings as s; {code}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


ENTRA = {
    "OIDC_RP_CLIENT_ID": "6731de76-14a6-49ae-97bc-6eba6914391e",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_DISCOVERY": (
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"
    ),
    "OUTTURN_OIDC_GROUPS": "a1b2=Performance team;c3d4=Head of service",
}


def test_defaults_have_no_council_accounts_and_five_attempts() -> None:
    result = load_settings(
        "print(s.OIDC_ENABLED, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds,"
        " s.AUTHENTICATION_BACKENDS[-1])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "5",
        "900",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_rate_limits_come_from_the_environment() -> None:
    result = load_settings(
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds)",
        OUTTURN_SIGN_IN_ATTEMPTS="3",
        OUTTURN_SIGN_IN_COOL_OFF_MINUTES="60",
    )
    assert result.stdout.split() == ["3", "3600"]


def test_a_bad_limit_is_refused_by_name() -> None:
    result = load_settings("", OUTTURN_SIGN_IN_ATTEMPTS="five")
    assert result.returncode != 0
    assert "OUTTURN_SIGN_IN_ATTEMPTS='five'" in result.stderr


def test_entra_id_configuration_turns_council_accounts_on() -> None:
    result = load_settings(
        "print(s.OIDC_ENABLED, s.AUTHENTICATION_BACKENDS[-1], s.OUTTURN_OIDC_GROUPS)", **ENTRA
    )
    assert result.returncode == 0, result.stderr
    enabled, backend, groups = result.stdout.strip().split(" ", 2)
    assert (enabled, backend) == ("True", "outturn.accounts.oidc.CouncilAccountBackend")
    assert groups == "{'a1b2': ('Performance team',), 'c3d4': ('Head of service',)}"


def test_the_client_secret_can_come_from_a_file(tmp_path: object) -> None:
    secret = tmp_path / "secret"  # type: ignore[operator]
    secret.write_text("from-a-file\n")
    env = {k: v for k, v in ENTRA.items() if k != "OIDC_RP_CLIENT_SECRET"}
    result = load_settings(
        "print(s.OIDC_RP_CLIENT_SECRET)", OIDC_RP_CLIENT_SECRET_FILE=str(secret), **env
    )
    assert result.stdout.strip() == "from-a-file"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("OIDC_RP_CLIENT_SECRET", "set OIDC_RP_CLIENT_SECRET"),
        ("OIDC_OP_DISCOVERY", "set OIDC_OP_DISCOVERY"),
        ("OIDC_RP_CLIENT_ID", "OUTTURN_OIDC_GROUPS is set but OIDC_RP_CLIENT_ID is not"),
    ],
)
def test_half_a_configuration_is_refused(missing: str, message: str) -> None:
    env = {k: v for k, v in ENTRA.items() if k != missing}
    result = load_settings("", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_wants_the_provider_over_https() -> None:
    result = load_settings(
        "",
        OUTTURN_PRODUCTION="1",
        DEBUG="0",
        SECRET_KEY="k" * 50,
        **{**ENTRA, "OIDC_OP_DISCOVERY": "http://login.example/v2.0"},
    )
    assert result.returncode != 0
    assert "must use https" in result.stderr


def test_group_mapping_syntax() -> None:
    assert parse_group_mapping("") == {}
    assert parse_group_mapping(" a = Performance team ;\nb=Director;a=Councillor;") == {
        "a": ("Performance team", "Councillor"),
        "b": ("Director",),
    }
    # The last "=" separates: a provider's group name may contain one.
    assert parse_group_mapping("cn=perf,ou=groups=Performance team") == {
        "cn=perf,ou=groups": ("Performance team",)
    }
    with pytest.raises(ImproperlyConfigured, match="pair 2"):
        parse_group_mapping("a=Director;Performance team")


def test_a_role_that_does_not_exist_is_refused() -> None:
    check_group_mapping({"a": ("Performance team", "Head of service")})
    with pytest.raises(ImproperlyConfigured, match="'Head of Services', which is not a role"):
        check_group_mapping({"a": ("Head of Services",)})


def test_a_mistyped_role_stops_the_application_starting() -> None:
    result = load_settings(
        "import django; django.setup()",
        **{**ENTRA, "OUTTURN_OIDC_GROUPS": "a1b2=Perfomance team"},
    )
    assert result.returncode != 0
    assert "'Perfomance team', which is not a role" in result.stderr
