"""Showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def attach_service_errors(form: Any, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, field by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for text in error.messages:
            form.add_error(None, text)
