"""Who the scorecard belongs to and who it reports to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    "Use letters, numbers, full stops, hyphens and underscores only, with no spaces.",
)


def code_field(**kwargs: Any) -> Any:
    """A short unique code, used in URLs, imports and commands."""
    return models.CharField(max_length=30, unique=True, validators=[code_validator], **kwargs)


class Organisation(models.Model):
    """The council itself, or another body used as a comparator (a peer authority)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "This council"
        COMPARATOR = "comparator", "Comparator"

    code = code_field()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPARATOR)
    is_demo = models.BooleanField(
        default=False, help_text="Marks demonstration data, shown as such on every page."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="council"),
                name="one_council_per_installation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    code = code_field()
    name = models.CharField(max_length=200)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directorates_led",
        help_text="The corporate director accountable for this directorate.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceUnit(models.Model):
    code = code_field()
    name = models.CharField(max_length=200)
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="service_units"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_units_headed",
        help_text="Head of service: approves data and exception reports.",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_units_deputised",
        help_text="May approve when the head of service is away.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["directorate__name", "name"]

    def __str__(self) -> str:
        return self.name


class CorporatePriority(models.Model):
    code = code_field()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "corporate priorities"

    def __str__(self) -> str:
        return self.name


class Portfolio(models.Model):
    code = code_field()
    name = models.CharField(max_length=200)
    holder_name = models.CharField(
        max_length=200, blank=True, help_text="The Cabinet member who holds the portfolio."
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portfolios_held",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Committee(models.Model):
    class Kind(models.TextChoices):
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Overview and scrutiny"
        OTHER = "other", "Other"

    code = code_field()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SCRUTINY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
