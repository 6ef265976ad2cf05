"""Emails of the data round, sent after the transaction commits."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.mail import send_mail

from outturn.scorecard.models import Outturn


def _name(user: User) -> str:
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


def notify_returned(outturn: Outturn, by: User) -> None:
    """Tell the data owner their value came back, and why."""
    owner = outturn.indicator.data_owner
    if owner is None or not owner.email:
        return
    send_mail(
        subject=f"Returned: {outturn.indicator.code} {outturn.period}",
        message=(
            f"{_name(by)} returned your value for {outturn.indicator.code} "
            f"{outturn.indicator.title} ({outturn.period}).\n\n"
            f"Their comment: {outturn.review_comment}\n\n"
            "Change it under My data and submit it again."
        ),
        from_email=None,
        recipient_list=[owner.email],
    )


def send_reminder(user: User, lines: Sequence[str], deadline_text: str) -> None:
    """One email listing everything a data owner still owes the round."""
    email = getattr(user, "email", "")
    if not email:
        return
    body = "\n".join(f"- {line}" for line in lines)
    send_mail(
        subject=f"Performance data due {deadline_text}",
        message=(
            f"Dear {_name(user)},\n\nThese values are still needed for the current data "
            f"round (deadline {deadline_text}):\n\n{body}\n\n"
            "Enter them under My data. Thank you."
        ),
        from_email=None,
        recipient_list=[email],
    )
