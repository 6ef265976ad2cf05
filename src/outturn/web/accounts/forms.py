"""The sign-in form, with GOV.UK's wording for its errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check them and try again "
            "(both are case-sensitive)."
        ),
        "inactive": "This account has been closed. Ask the performance team to reopen it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.label = "Username"
        username.error_messages["required"] = "Enter your username"
        # GOV.UK: no autofocus (it skips the page's heading for screen reader users).
        username.widget.attrs = {
            "autocomplete": "username",
            "autocapitalize": "none",
            "spellcheck": "false",
            "maxlength": username.widget.attrs.get("maxlength", 150),
        }
        password.error_messages["required"] = "Enter your password"

    def error_targets(self) -> list[tuple[str, str]]:
        """(message, field id) for the error summary; a failed sign-in points at the username."""
        targets = [(str(message), "id_username") for message in self.non_field_errors()]
        for name in ("username", "password"):
            targets += [(str(message), f"id_{name}") for message in self.errors.get(name, [])]
        return targets
