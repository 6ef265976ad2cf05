"""The report pack pages: who sees and does what, and the files they download."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from outturn.reports import services
from outturn.reports.models import PackState, ReportPack, VersionState
from tests.reports.conftest import Q2, Council

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _html_only(monkeypatch: Any) -> None:
    """Page tests build the web page only; test_services builds every format."""
    monkeypatch.setattr(services, "FORMATS", ("html", "xlsx"))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pack(council: Council) -> ReportPack:
    return services.report_pack_create(
        period=Q2, scope="committee:children-os", by=council.performance
    )


def test_pages_need_signing_in(council: Council, pack: ReportPack) -> None:
    response = Client().get(reverse("web:reports-list"))
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/reports/")


def test_performance_team_starts_a_pack(council: Council) -> None:
    client = client_for(council.performance)

    page = client.get(reverse("web:reports-list"))
    assert "Start a new pack" in page.content.decode()
    response = client.post(
        reverse("web:reports-list"), {"period": "2025/26 Q2", "scope": "directorate:OPS"}
    )

    created = ReportPack.objects.get()
    assert (str(created.period), created.scope) == ("2025/26 Q2", "directorate:OPS")
    assert response["Location"] == reverse("web:reports-edit", args=[created.pk])
    again = client.post(
        reverse("web:reports-list"), {"period": "2025/26 Q2", "scope": "directorate:OPS"}
    )
    assert "already a 2025/26 Q2 pack" in again.content.decode()
    wrong = client.post(reverse("web:reports-list"), {"period": "2025/26", "scope": "council"})
    assert "Enter a quarter, such as 2025/26 Q2" in wrong.content.decode()


def test_others_cannot_start_or_see_draft_packs(council: Council, pack: ReportPack) -> None:
    client = client_for(council.tom)

    listing = client.get(reverse("web:reports-list")).content.decode()
    assert "Start a new pack" not in listing and "There are no report packs" in listing
    assert client.post(reverse("web:reports-list"), {"period": "2025/26 Q2"}).status_code == 403
    assert client.get(reverse("web:reports-pack", args=[pack.pk])).status_code == 403
    assert client.get(reverse("web:reports-preview", args=[pack.pk])).status_code == 403


def test_front_sheet_form(council: Council, pack: ReportPack) -> None:
    client = client_for(council.performance)
    url = reverse("web:reports-edit", args=[pack.pk])

    page = client.get(url).content.decode()
    assert '<label class="govuk-label" for="id_executive_summary">Executive summary</label>' in page
    bad = client.post(url, {"meeting_date": "31 02 2026", "status": "public"})
    assert "There is a problem" in bad.content.decode()
    assert 'href="#id_meeting_date"' in bad.content.decode()
    saved = client.post(
        url,
        {
            "report_subject": "Children's Services KPIs, quarter 2",
            "meeting_date": "24 11 2025",
            "status": "exempt",
            "wards": "Council-wide",
        },
    )

    assert saved.status_code == 302
    pack.refresh_from_db()
    assert (pack.report_subject, str(pack.meeting_date), pack.status) == (
        "Children's Services KPIs, quarter 2",
        "2025-11-24",
        "exempt",
    )
    assert client_for(council.claire).get(url).status_code == 403


def test_preview_shows_current_figures_with_charts(council: Council, pack: ReportPack) -> None:
    client = client_for(council.claire)

    page = client.get(reverse("web:reports-preview", args=[pack.pk])).content.decode()

    assert "CS16" in page and "CS01" in page and "OPS02" not in page
    charts = re.findall(r'<img class="report-sparkline" src="([^"]+)" alt="([^"]+)"', page)
    assert len(charts) == 2 and all(alt.startswith("Trend of") for _, alt in charts)
    image = client.get(charts[0][0])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_chart_view_serves_only_cached_charts(council: Council) -> None:
    client = client_for(council.tom)
    for code, name in (("..", "secret.png"), ("CS16", "..%2Fx.png"), ("CS16", "missing.png")):
        assert client.get(f"/reports/charts/{code}/{name}").status_code == 404


def test_build_sign_off_publish_and_download(
    council: Council, pack: ReportPack, django_capture_on_commit_callbacks: Capture
) -> None:
    performance = client_for(council.performance)
    detail = reverse("web:reports-pack", args=[pack.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = performance.post(reverse("web:reports-build", args=[pack.pk]))
    assert response["Location"] == detail
    version = pack.versions.get()
    assert version.state == VersionState.READY
    page = performance.get(detail).content.decode()
    assert "Version 1 is being built." in page
    download = reverse("web:reports-download", args=[pack.pk, 1, "html"])
    assert download in page
    progress = performance.get(reverse("web:reports-progress", args=[pack.pk, 1])).json()
    assert progress == {
        "state": "ready",
        "state_label": "Ready",
        "progress": 100,
        "message": "Ready",
    }

    # A draft version is for the compilers and the director who signs it off.
    tom = client_for(council.tom)
    assert tom.get(download).status_code == 403
    # Another directorate's director may not see, let alone sign off, this pack.
    michael = client_for(council.michael)
    sign_off = reverse("web:reports-sign-off", args=[pack.pk])
    assert michael.post(sign_off, {"version": 1}).status_code == 403
    claire = client_for(council.claire)
    claire.post(reverse("web:reports-sign-off", args=[pack.pk]), {"version": 1})
    pack.refresh_from_db()
    assert pack.state == PackState.SIGNED_OFF and pack.signed_off_by == council.claire
    claire.post(reverse("web:reports-publish", args=[pack.pk]))
    pack.refresh_from_db()
    assert pack.state == PackState.SIGNED_OFF  # only the performance team publishes
    performance.post(reverse("web:reports-publish", args=[pack.pk]))
    pack.refresh_from_db()
    assert pack.state == PackState.PUBLISHED

    file = tom.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith(
        'attachment; filename="committee-children-os-report'
    )
    assert b"CS16" in b"".join(file.streaming_content)
    listing = tom.get(reverse("web:reports-list")).content.decode()
    assert reverse("web:reports-pack", args=[pack.pk]) in listing
    # Frozen: no more builds or edits.
    performance.post(reverse("web:reports-build", args=[pack.pk]))
    assert pack.versions.count() == 1
    assert performance.get(reverse("web:reports-edit", args=[pack.pk])).status_code == 302


def test_builds_and_publishing_are_posts(council: Council, pack: ReportPack) -> None:
    client = client_for(council.performance)
    for name in ("web:reports-build", "web:reports-sign-off", "web:reports-publish"):
        assert client.get(reverse(name, args=[pack.pk])).status_code == 405
