"""The upload page, the template downloads and the import's own page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from outturn.accounts.roles import Role
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import Indicator, Outturn
from outturn.transfer.models import ImportJob, ImportState
from outturn.transfer.services import import_job_run
from tests.transfer.imports.conftest import csv_bytes, good_rows, person, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("web:imports-upload", kwargs={"period": "2026/27 Q1"})


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def test_the_upload_page_offers_the_templates(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    response = signed_in(owner).get(UPLOAD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the 5 values the round still needs from you" in page
    assert (
        reverse("web:imports-template", kwargs={"period": "2026/27 Q1", "file_format": "xlsx"})
        in page
    )
    assert 'type="file"' in page


def test_people_who_enter_no_values_cannot_import(
    indicators: dict[str, Indicator], round_q1: Round
) -> None:
    councillor = person("carl", Role.COUNCILLOR)
    assert signed_in(councillor).get(UPLOAD).status_code == 403
    assert post(signed_in(councillor), "q1.csv", csv_bytes(good_rows())).status_code == 403
    assert Client().get(UPLOAD).status_code == 302  # to sign in


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_template_downloads(
    owner: User, indicators: dict[str, Indicator], round_q1: Round, file_format: str
) -> None:
    url = reverse(
        "web:imports-template", kwargs={"period": "2026/27 Q1", "file_format": file_format}
    )
    response = signed_in(owner).get(url)
    assert response.status_code == 200
    assert f'filename="outturns-2026-27-q1.{file_format}"' in response["Content-Disposition"]
    if file_format == "csv":
        assert "CNT1,Increase visits,May 2026" in response.content.decode("utf-8-sig")
    bad = reverse("web:imports-template", kwargs={"period": "2026/27 Q1", "file_format": "ods"})
    assert signed_in(owner).get(bad).status_code == 404


def test_a_bad_upload_lists_every_problem_and_changes_nothing(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [*good_rows(), ["NOPE", "", "2026/27 Q1", "5", None, None, None, ""]]
    rows[0][3] = "lots"
    response = post(signed_in(owner), "q1.xlsx", xlsx_bytes(rows))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Import values" in page
    assert 'class="govuk-error-summary"' in page
    assert "Row 2, column D (value): &#x27;lots&#x27; is not a percentage" in page
    assert "Row 6, column A (indicator_code): there is no indicator with the code “NOPE”" in page
    assert "q1.xlsx has 2 problems: nothing was imported." in page
    assert not Outturn.objects.exists()
    assert ImportJob.objects.get().state == ImportState.FAILED


def test_an_unsafe_upload_is_refused_before_it_is_kept(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    response = post(signed_in(owner), "q1.xlsx", csv_bytes(good_rows()))
    assert response.status_code == 200
    assert "q1.xlsx is not an Excel workbook" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_good_upload_imports_at_once_and_shows_the_outcome(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    client = signed_in(owner)
    response = post(client, "q1.csv", csv_bytes(good_rows()))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:imports-job", kwargs={"pk": job.pk})
    assert (job.state, job.created_count, job.created_by) == (ImportState.SUCCEEDED, 4, owner)
    assert job.file.read().startswith(b"indicator_code")
    page = client.get(response["Location"]).content.decode()
    assert "4 values imported" in page and "from q1.csv" in page
    assert Outturn.objects.count() == 4
    assert "q1.csv" in client.get(UPLOAD).content.decode()  # listed under recent imports


def test_a_large_upload_goes_to_the_background_task(
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr("outturn.web.imports.views.BACKGROUND_ROWS", 2)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = signed_in(owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, "q1.csv", csv_bytes(good_rows()))
    job = ImportJob.objects.get()
    assert len(callbacks) == 1 and job.state == ImportState.QUEUED
    assert not Outturn.objects.exists()

    page = client.get(response["Location"]).content.decode()
    assert "Importing q1.csv" in page and "Check progress" in page
    assert "outturn/js/imports.js" in page
    status = client.get(reverse("web:imports-job-status", kwargs={"pk": job.pk})).json()
    assert status["state"] == "queued" and not status["finished"]

    import_job_run(job_id=job.pk)  # what the worker does
    assert import_job_run(job_id=job.pk) is None  # a second worker finds nothing to do
    status = client.get(reverse("web:imports-job-status", kwargs={"pk": job.pk})).json()
    assert status == {
        "state": "succeeded",
        "state_label": "Imported",
        "stage_label": "Saving the values",
        "rows_done": 4,
        "rows_total": 4,
        "percent": 100,
        "finished": True,
    }
    assert "4 values imported" in client.get(response["Location"]).content.decode()


def test_the_background_task_runs_the_job(
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr("outturn.web.imports.views.BACKGROUND_ROWS", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(signed_in(owner), "q1.csv", csv_bytes(good_rows()))  # tasks run at once
    assert response.status_code == 302
    assert ImportJob.objects.get().state == ImportState.SUCCEEDED
    assert Outturn.objects.count() == 4


def test_a_failed_background_import_shows_its_problems(
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr("outturn.web.imports.views.BACKGROUND_ROWS", 2)
    rows = good_rows()
    rows[1][2] = "2026/27 Q1"
    client = signed_in(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "q1.csv", csv_bytes(rows))
    page = client.get(response["Location"]).content.decode()
    assert "q1.csv was not imported" in page
    assert "Row 3, column C (period): CNT1 is collected monthly" in page
    assert not Outturn.objects.exists()


def test_an_import_is_seen_only_by_its_owner_and_the_performance_team(
    owner: User, someone_else: User, team: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    post(signed_in(owner), "q1.csv", csv_bytes(good_rows()))
    url = reverse("web:imports-job", kwargs={"pk": ImportJob.objects.get().pk})
    assert signed_in(someone_else).get(url).status_code == 403
    assert signed_in(team).get(url).status_code == 200


def test_a_closed_round_takes_no_uploads(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    round_q1.state = RoundState.CLOSED
    round_q1.save()
    response = post(signed_in(owner), "q1.csv", csv_bytes(good_rows()))
    assert "The 2026/27 Q1 round is closed" in response.content.decode()
    assert not ImportJob.objects.exists() and not Outturn.objects.exists()
