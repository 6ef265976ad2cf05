"""The register pages: templates, upload with every problem shown, preview, import, exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.transfer.register import kinds as k
from tests import factories
from tests.transfer.register.test_checks import BASE

PUBLISHED = {"state": OutturnState.PUBLISHED, "published_at": "2025-11-01T09:00:00+00:00"}


@pytest.fixture
def team(client: Client) -> Client:
    client.force_login(User.objects.create(username="perf", is_superuser=True))
    return client


def _uploads(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, text.encode()) for name, text in files.items()]


@pytest.mark.django_db
def test_register_pages_are_for_the_performance_team_only(client: Client) -> None:
    home = reverse("web:register-home")
    assert client.get(home).status_code == 302  # to sign in
    client.force_login(User.objects.create(username="officer"))
    for url in (
        home,
        reverse("web:register-columns"),
        reverse("web:register-upload"),
        reverse("web:register-export", kwargs={"extension": "xlsx"}),
        reverse("web:register-template", kwargs={"name": "outturns", "extension": "csv"}),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_home_offers_a_template_per_kind_and_templates_download(team: Client) -> None:
    html = team.get(reverse("web:register-home")).content.decode()
    for kind in k.KINDS:
        assert (
            reverse("web:register-template", kwargs={"name": kind.slug, "extension": "csv"}) in html
        )
    response = team.get(
        reverse("web:register-template", kwargs={"name": "targets", "extension": "xlsx"})
    )
    assert response["Content-Disposition"] == 'attachment; filename="targets-template.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [k.README_SHEET, "Targets"]
    columns = team.get(reverse("web:register-columns")).content.decode()
    assert "benchmark_period" in columns and "Required" in columns
    missing = team.get(
        reverse("web:register-template", kwargs={"name": "nothing", "extension": "csv"})
    )
    assert missing.status_code == 404


@pytest.mark.django_db
def test_the_upload_form_has_a_labelled_file_input(team: Client) -> None:
    html = team.get(reverse("web:register-upload")).content.decode()
    assert 'id="id_upload"' in html
    assert 'name="upload" type="file" multiple' in html
    assert '<label class="govuk-label govuk-label--m" for="id_upload">' in html


@pytest.mark.django_db
def test_a_bad_upload_lists_every_problem_and_writes_nothing(team: Client) -> None:
    bad = dict(BASE)
    bad["outturns.csv"] = "indicator_code,period,value\r\nEH-01,2024/25 Q1,lots\r\nEH-01,Q9,1\r\n"

    response = team.post(reverse("web:register-upload"), {"upload": _uploads(bad)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "2 problems found in" in html
    assert "&#x27;lots&#x27; is not a percentage" in html
    assert "&#x27;Q9&#x27; is not a period I recognise" in html
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_a_clean_upload_is_previewed_then_imported(team: Client) -> None:
    preview = team.post(reverse("web:register-upload"), {"upload": _uploads(BASE)})

    html = preview.content.decode()
    assert "is ready to import" in html
    assert Indicator.objects.count() == 0  # the preview is a dry run
    token = preview.context["token"]

    done = team.post(reverse("web:register-import-confirm"), {"token": token})

    assert done.status_code == 302
    assert Indicator.objects.filter(code="EH-01").exists()
    assert Outturn.objects.filter(state=OutturnState.PUBLISHED).count() == 2
    again = team.post(reverse("web:register-import-confirm"), {"token": token})
    assert again.status_code == 302 and again["Location"] == reverse("web:register-upload")


@pytest.mark.django_db
def test_an_unsafe_upload_is_refused_with_a_message(team: Client) -> None:
    fake = SimpleUploadedFile("register.xlsx", b"just text, not a workbook")
    response = team.post(reverse("web:register-upload"), {"upload": [fake]})
    assert "is not an Excel workbook" in response.content.decode()


@pytest.mark.django_db
def test_register_export_downloads(team: Client) -> None:
    factories.indicator(code="EX-1")
    workbook = team.get(reverse("web:register-export", kwargs={"extension": "xlsx"}))
    assert "EX-1" in [
        c.value for c in load_workbook(io.BytesIO(workbook.content))["Indicators"]["A"]
    ]
    archive = team.get(reverse("web:register-export", kwargs={"extension": "zip"}))
    assert archive["Content-Type"] == "application/zip"


@pytest.mark.django_db
def test_scorecard_export_holds_what_the_reader_may_see(client: Client) -> None:
    public = factories.indicator(code="PUB-1", is_public=True)
    private = factories.indicator(code="PRIV-2", is_public=False)
    factories.outturn(public, "2025/26 Q2", "50", **PUBLISHED)
    factories.outturn(private, "2025/26 Q2", "60", **PUBLISHED)
    url = reverse("web:export-scorecard")

    anonymous = client.get(url, {"period": "2025/26 Q2", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(anonymous.content.decode("utf-8-sig"))))
    assert [row["indicator_code"] for row in rows] == ["PUB-1"]
    assert anonymous["Content-Disposition"] == 'attachment; filename="scorecard-2025-26-Q2.csv"'
    assert client.get(url, {"unpublished": "1"}).status_code == 403
    assert client.get(url, {"period": "Q9"}).status_code == 400
    assert client.get(reverse("web:export-scorecard-dictionary")).status_code == 200

    client.force_login(User.objects.create(username="officer"))
    signed_in = client.get(url, {"format": "csv"})  # the latest published quarter
    codes = {
        row["indicator_code"]
        for row in csv.DictReader(io.StringIO(signed_in.content.decode("utf-8-sig")))
    }
    assert codes == {"PUB-1", "PRIV-2"}


@pytest.mark.django_db
def test_export_page_validates_the_quarter_and_offers_unpublished_to_the_team(team: Client) -> None:
    page = team.get(reverse("web:export-home"))
    assert "Include values not yet published" in page.content.decode()
    bad = team.get(reverse("web:export-home"), {"period": "nonsense", "format": "xlsx"})
    assert "There is a problem" in bad.content.decode()
    good = team.get(
        reverse("web:export-home"),
        {"period": "2025/26 Q2", "format": "xlsx", "include_unpublished": "on"},
    )
    assert good["Content-Disposition"] == 'attachment; filename="scorecard-2025-26-Q2.xlsx"'
