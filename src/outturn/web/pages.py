"""Static content pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "outturn/accessibility.html")
