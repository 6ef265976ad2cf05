"""A data owner uploads a round's figures in a real browser: a bad file, then a good one."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from outturn.scorecard.models import Outturn
from outturn.transfer.models import ImportJob
from outturn.transfer.services import import_job_create, import_job_run
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD = "/rounds/2026-27_q1/import/"


@pytest.fixture
def council(db: Any) -> dict[str, Any]:
    """The import tests' small council: a data owner, three indicators, the Q1 round open."""
    from tests.transfer.imports import conftest as imports

    owner = imports.person("olive", imports.Role.DATA_OWNER)
    someone_else = imports.person("oscar", imports.Role.DATA_OWNER)
    indicators = imports.make_indicators(owner, someone_else)
    round_ = imports.open_round_q1()
    return {"owner": owner, "indicators": indicators, "round": round_}


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_a_bad_upload_lists_its_problems_and_a_good_one_imports(
    live_server: Any, page: Any, council: dict[str, Any], tmp_path: pathlib.Path
) -> None:
    from tests.transfer.imports.conftest import csv_bytes, good_rows, xlsx_bytes

    sign_in(page, live_server, council["owner"])
    page.goto(live_server.url + UPLOAD)
    assert page.get_by_role("heading", level=1).inner_text() == "Import values from a spreadsheet"
    assert axe_violations(page) == []

    bad_rows = good_rows()
    bad_rows[0][3] = "lots"
    bad_rows[1][0] = "NOPE1"
    bad = tmp_path / "q1-figures.xlsx"
    bad.write_bytes(xlsx_bytes(bad_rows))
    page.get_by_label("Upload the completed file").set_input_files(str(bad))
    page.get_by_role("button", name="Import values").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "Row 2, column D (value): 'lots' is not a percentage" in text
    assert "Row 3, column A (indicator_code): there is no indicator with the code “NOPE1”" in text
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    page.screenshot(path=str(tmp_path / "import-problems.png"), full_page=True)
    assert axe_violations(page) == []
    assert not Outturn.objects.exists()

    summary.get_by_role("link").first.click()  # takes the user to the file field
    assert page.evaluate("document.activeElement.id") == "id_file"

    good = tmp_path / "q1-figures.csv"
    good.write_bytes(csv_bytes(good_rows()))
    page.get_by_label("Upload the completed file").set_input_files(str(good))
    page.get_by_role("button", name="Import values").click()

    page.get_by_role("heading", name="4 values imported").wait_for()
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    assert axe_violations(page) == []
    assert Outturn.objects.filter(state="submitted").count() == 4


def test_the_progress_page_follows_a_background_import(
    live_server: Any, page: Any, council: dict[str, Any], tmp_path: pathlib.Path
) -> None:
    from django.core.files.base import ContentFile

    from tests.transfer.imports.conftest import csv_bytes, good_rows

    job = import_job_create(
        upload=ContentFile(csv_bytes(good_rows())),
        filename="q1.csv",
        file_format="csv",
        round_=council["round"],
        by=council["owner"],
    )
    sign_in(page, live_server, council["owner"])
    page.goto(f"{live_server.url}/imports/{job.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Importing q1.csv"
    assert "Waiting to start" in page.locator("#import-status").inner_text()
    assert page.get_by_role("link", name="Check progress").is_visible()  # works without JS
    page.screenshot(path=str(tmp_path / "import-progress.png"), full_page=True)
    assert axe_violations(page) == []

    import_job_run(job_id=job.pk)  # the worker; the page's script notices and reloads
    page.get_by_role("heading", name="4 values imported").wait_for(timeout=15_000)
    assert ImportJob.objects.get().state == "succeeded"
