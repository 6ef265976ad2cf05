"""The life of a pack: front sheet, versions built in the background, sign-off, publishing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.exception_reports.signals import report_approved
from outturn.reports import services
from outturn.reports.models import FileFormat, PackState, PackVersion, ReportPack, VersionState
from tests.reports.conftest import Q2, Council
from tests.reports.documents import open_docx

Capture = Callable[..., Any]


@pytest.fixture
def pack(council: Council) -> ReportPack:
    return services.report_pack_create(
        period=Q2,
        scope="council",
        by=council.performance,
        fields={"report_subject": "Corporate performance report: quarter 2"},
    )


def built(pack: ReportPack, by: Any, formats: tuple[str, ...] = ("html", "xlsx")) -> PackVersion:
    """A version built at once, in the formats given (the task builds all four)."""
    version = PackVersion.objects.create(
        pack=pack, number=pack.versions.count() + 1, requested_at=pack.created_at, built_by=by
    )
    return services.pack_version_build(version_id=version.pk, formats=formats)


def test_only_the_performance_team_creates_packs(council: Council) -> None:
    with pytest.raises(PermissionDenied):
        services.report_pack_create(period=Q2, scope="council", by=council.claire)
    with pytest.raises(ValidationError, match="no committee with the code 'nope'"):
        services.report_pack_create(period=Q2, scope="committee:nope", by=council.performance)
    with pytest.raises(ValidationError, match="not a quarter"):
        services.report_pack_create(
            period=Q2.financial_year(), scope="council", by=council.performance
        )


def test_one_pack_per_quarter_and_scope(council: Council, pack: ReportPack) -> None:
    with pytest.raises(ValidationError, match="already a 2025/26 Q2 pack"):
        services.report_pack_create(period=Q2, scope="council", by=council.performance)


def test_front_sheet_edits_are_audited(council: Council, pack: ReportPack) -> None:
    updated = services.report_pack_update(
        pack=pack,
        fields={"wards": " Council-wide ", "classification": "For information"},
        by=council.performance,
    )

    assert (updated.wards, updated.classification) == ("Council-wide", "For information")
    latest = updated.history.first()
    assert latest.history_change_reason == "Front sheet edited"
    assert latest.history_user == council.performance
    with pytest.raises(ValidationError, match="not a front-sheet field"):
        services.report_pack_update(
            pack=pack, fields={"state": "published"}, by=council.performance
        )
    with pytest.raises(PermissionDenied):
        services.report_pack_update(pack=pack, fields={"wards": "x"}, by=council.claire)


def test_build_in_the_background_stores_every_format(
    council: Council, pack: ReportPack, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = services.pack_version_request(pack=pack, by=council.performance)

    version.refresh_from_db()
    assert (version.number, version.state, version.progress) == (1, VersionState.READY, 100)
    assert version.built_by == council.performance and version.built_at is not None
    files = {stored.format: stored for stored in version.files.all()}
    assert set(files) == set(FileFormat.values)
    with files["pdf"].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with files["docx"].file.open("rb") as handle:
        document = open_docx(handle.read())
    assert document.paragraphs[2].text.startswith("Corporate performance report")
    assert any(
        row.cells[1].text == "Corporate performance report: quarter 2"
        for row in document.tables[0].rows
    )
    assert files["docx"].file.name.endswith("corporate-performance-report-2025-26-q2-v1.docx")
    assert len(files["html"].sha256) == 64 and files["html"].size > 1000


def test_versions_are_numbered_and_a_version_builds_once(
    council: Council, pack: ReportPack
) -> None:
    first = services.pack_version_request(pack=pack, by=council.performance)
    second = services.pack_version_request(pack=pack, by=council.performance)
    assert (first.number, second.number) == (1, 2)
    assert first.state == VersionState.QUEUED

    services.pack_version_build(version_id=first.pk, formats=("html",))
    again = services.pack_version_build(version_id=first.pk, formats=("html",))

    assert again.state == VersionState.READY and again.files.count() == 1
    with pytest.raises(PermissionDenied):
        services.pack_version_request(pack=pack, by=council.claire)


def test_a_failed_build_says_why(council: Council, pack: ReportPack) -> None:
    version = services.pack_version_request(pack=pack, by=council.performance)
    ReportPack.objects.filter(pk=pack.pk).update(scope="committee:gone")

    with pytest.raises(Exception, match="no committee"):
        services.pack_version_build(version_id=version.pk, formats=("html",))

    version.refresh_from_db()
    assert version.state == VersionState.FAILED and "no committee" in version.error


def test_sign_off_by_the_scopes_director_or_the_performance_team(council: Council) -> None:
    committee = services.report_pack_create(
        period=Q2, scope="committee:children-os", by=council.performance
    )
    version = built(committee, council.performance)

    with pytest.raises(PermissionDenied):
        services.report_pack_sign_off(pack=committee, version=version, by=council.michael)
    with pytest.raises(PermissionDenied):
        services.report_pack_sign_off(pack=committee, version=version, by=council.tom)
    signed = services.report_pack_sign_off(pack=committee, version=version, by=council.claire)

    assert signed.state == PackState.SIGNED_OFF and signed.signed_off_version == version
    assert signed.signed_off_by == council.claire
    assert signed.history.first().history_change_reason == "Signed off version 1"


def test_the_council_pack_is_signed_off_by_the_performance_team(
    council: Council, pack: ReportPack
) -> None:
    version = built(pack, council.performance)

    with pytest.raises(PermissionDenied):
        services.report_pack_sign_off(pack=pack, version=version, by=council.claire)
    assert services.report_pack_sign_off(pack=pack, version=version, by=council.performance)


def test_only_a_finished_version_of_the_pack_can_be_signed_off(
    council: Council, pack: ReportPack
) -> None:
    queued = services.pack_version_request(pack=pack, by=council.performance)
    other = services.report_pack_create(period=Q2, scope="directorate:OPS", by=council.performance)
    elsewhere = built(other, council.performance)

    for version in (queued, elsewhere):
        with pytest.raises(services.PackRefused, match="not a finished build"):
            services.report_pack_sign_off(pack=pack, version=version, by=council.performance)


def test_publishing_freezes_the_pack(council: Council, pack: ReportPack) -> None:
    version = built(pack, council.performance)
    with pytest.raises(services.PackRefused, match="Only a signed-off pack"):
        services.report_pack_publish(pack=pack, by=council.performance)
    services.report_pack_sign_off(pack=pack, version=version, by=council.performance)
    with pytest.raises(PermissionDenied):
        services.report_pack_publish(pack=pack, by=council.claire)

    published = services.report_pack_publish(pack=pack, by=council.performance)

    assert published.state == PackState.PUBLISHED and published.published_at is not None
    with pytest.raises(services.PackRefused, match="published"):
        services.report_pack_update(pack=pack, fields={"wards": "x"}, by=council.performance)
    with pytest.raises(services.PackRefused, match="no further versions"):
        services.pack_version_request(pack=pack, by=council.performance)
    with pytest.raises(services.PackRefused, match="already published"):
        services.report_pack_sign_off(pack=pack, version=version, by=council.performance)
    with pytest.raises(services.PackRefused, match="this one is published"):
        services.report_pack_publish(pack=pack, by=council.performance)
    # Anyone signed in may download the released version; nobody outside.
    assert services.may_download(council.tom, published, version)


def test_drafts_are_for_compilers_and_signers(council: Council, pack: ReportPack) -> None:
    version = built(pack, council.performance)

    assert services.may_download(council.performance, pack, version)
    assert not services.may_download(council.tom, pack, version)


def approve(report: ExceptionReport, by: Any) -> None:
    ExceptionReport.objects.filter(pk=report.pk).update(state=ReportState.APPROVED)
    report_approved.send(sender=ExceptionReport, report=report, by=by)


def test_last_approval_of_the_quarter_builds_the_council_pack(
    council: Council, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "FORMATS", ("html",))
    with django_capture_on_commit_callbacks(execute=True):
        approve(council.negative, council.performance)
    assert not ReportPack.objects.exists()  # the CS01 report is still in draft

    council.draft.state = ReportState.WITHDRAWN
    council.draft.save(update_fields=["state"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(council.negative, council.performance)

    pack = ReportPack.objects.get(period=Q2, scope="council")
    [version] = pack.versions.all()
    assert version.automatic and version.built_by == council.performance
    assert version.state == VersionState.READY
    assert pack.history.first().history_change_reason == "Pack created for an automatic build"


def test_no_automatic_build_once_the_pack_is_published(
    council: Council, pack: ReportPack, django_capture_on_commit_callbacks: Capture
) -> None:
    version = built(pack, council.performance)
    services.report_pack_sign_off(pack=pack, version=version, by=council.performance)
    services.report_pack_publish(pack=pack, by=council.performance)
    ExceptionReport.objects.filter(pk=council.draft.pk).update(state=ReportState.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        approve(council.positive, council.performance)

    assert pack.versions.count() == 1


def test_a_failed_automatic_build_never_undoes_the_approval(
    council: Council, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    from outturn.reports import receivers

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the queue is down")

    monkeypatch.setattr(receivers, "pack_version_request", broken)
    ExceptionReport.objects.filter(pk=council.draft.pk).update(state=ReportState.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        approve(council.negative, council.performance)  # no exception reaches the approver

    council.negative.refresh_from_db()
    assert council.negative.state == ReportState.APPROVED


def test_the_pack_waits_for_the_quarters_values_to_be_published(
    council: Council, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    """Reports print published figures: the last approval of a report does not build
    while the quarter's values are only approved; publishing them does."""
    from django.utils import timezone

    from outturn.rounds.signals import outturns_published
    from outturn.scorecard.models import Outturn, OutturnState

    monkeypatch.setattr(services, "FORMATS", ("html",))
    ExceptionReport.objects.filter(pk=council.draft.pk).update(state=ReportState.WITHDRAWN)
    waiting = Outturn.objects.filter(period=Q2).first()
    assert waiting is not None
    Outturn.objects.filter(pk=waiting.pk).update(state=OutturnState.APPROVED, published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        approve(council.negative, council.performance)
    assert not ReportPack.objects.exists()

    Outturn.objects.filter(pk=waiting.pk).update(
        state=OutturnState.PUBLISHED, published_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        outturns_published.send(sender=Outturn, outturns=[waiting], by=council.performance)

    pack = ReportPack.objects.get(period=Q2, scope="council")
    assert pack.versions.get().automatic
