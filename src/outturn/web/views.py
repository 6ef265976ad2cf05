"""The scorecard dashboard, the indicator pages and the health check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers

from outturn.accounts import roles
from outturn.engine.values import Unit, format_value
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.exception_reports.permissions import may_view
from outturn.scorecard.models import Indicator, OutturnState
from outturn.scorecard.selectors import indicator_changes, indicator_histories, indicators_for
from outturn.scorecard.status import assess_histories
from outturn.web.context_processors import council
from outturn.web.dashboard import cache
from outturn.web.dashboard.build import scorecard_page
from outturn.web.dashboard.chart import ChartPoint, indicator_chart
from outturn.web.dashboard.filters import PARAMETERS, query_key
from outturn.web.dashboard.kept import KeptPage
from outturn.web.dashboard.visibility import visibility_for
from outturn.web.scorecard_rows import SPC_LABELS, row_for


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the application answers. Touches nothing else."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _without_session(request: HttpRequest) -> bool:
    """No session and no message cookie: a member of the public with nothing waiting."""
    cookies = request.COOKIES
    return not cookies.get(settings.SESSION_COOKIE_NAME) and not cookies.get(
        CookieStorage.cookie_name
    )


def _whole_page_cacheable(request: HttpRequest) -> bool:
    """The public's page depends only on the address and the data, unless a message waits."""
    return (
        request.method == "GET"
        and set(request.GET) <= set(PARAMETERS)
        and (
            _without_session(request)
            or (not request.user.is_authenticated and len(get_messages(request)) == 0)
        )
    )


def _replay(request: HttpRequest, kept: KeptPage) -> HttpResponse:
    """A kept page, with this response's own CSP nonce where the kept one's was."""
    nonce = str(request.csp_nonce) if kept.needs_nonce else ""  # type: ignore[attr-defined]
    if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = HttpResponse(kept.gzipped(nonce), content_type=kept.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(kept.body(nonce), content_type=kept.content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def home(request: HttpRequest) -> HttpResponse:
    """The scorecard for a quarter: counts, drill-down, filters and the indicators' table.

    Public without signing in. Rendered content is cached by data version, what the visitor
    may see and the page's parameters (see ``outturn.web.dashboard.cache``); for the
    public the whole page is kept, with the CSP nonce put back on every response.
    """
    whole = _whole_page_cacheable(request)
    # Those who write see their own writes at once; the public within a second.
    version = cache.scorecard_version(exact=not whole)
    council_setting = (settings.COUNCIL_NAME, settings.COUNCIL_LOGO_URL)
    page_key = cache.make_key("page", version, council_setting, request.get_full_path())
    if whole and (kept := cache.get(page_key)) is not None:
        response = _replay(request, kept)
        patch_vary_headers(response, ("Cookie",))  # the page differs once signed in
        return response

    visibility = visibility_for(request.user)
    # The public's page is kept whole (below); others keep the content the layout wraps.
    content_key = cache.make_key(
        "content", version, council_setting, visibility.key, query_key(request.GET)
    )
    page = None if whole else cache.get(content_key)
    if page is None:
        name = str(council(request)["council_name"])
        page = scorecard_page(request.GET, visibility, version, council_name=name)
        if page.cacheable and not whole:
            cache.put(content_key, page)
    response = render(request, "outturn/home.html", {"page": page})
    if whole and page.cacheable and not response.cookies:
        nonce = getattr(request, "_csp_nonce", None)
        kept = KeptPage.of(response.content, nonce, response["Content-Type"])
        cache.put(page_key, kept)
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _exception_link(pk: int) -> str:
    """The report's page, once the exception report pages exist."""
    try:
        return reverse("web:exceptions-report", kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator's definition, chart, rated history, benchmarks and exception reports.

    The public reach only public indicators and see only published values; signed-in users
    see every indicator, approved values ahead of publication where they answer for the
    indicator, and the change history.
    """
    user = request.user
    signed_in = bool(user.is_authenticated)
    indicators = indicators_for(public_only=not roles.may_see_private(user))
    indicator = indicators.filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator")
    unpublished = roles.may_see_unpublished(user, indicator)
    [history] = indicator_histories(
        [indicator], unpublished_for=[indicator.pk] if unpublished else ()
    )
    status = assess_histories([history])[indicator.code]
    spc_points = {point.period: point for point in status.spc.points}
    rows = [
        row_for(history, period_status.period, period_status, spc_points.get(period_status.period))
        for period_status in reversed(status.periods)
    ]
    unit = Unit(indicator.unit)
    chart_points = [
        ChartPoint(
            period=s.period,
            value=s.value,
            target=s.target,
            band=s.target_band,
            point_type=spc_points[s.period].point_type if s.period in spc_points else "",
            unpublished=_is_unpublished(history.outturn_for(s.period)),
        )
        for s in status.periods
        if s.value is not None
    ]
    chart = indicator_chart(
        chart_points,
        status.spc.groups,
        unit,
        title=f"{indicator.code} {indicator.title}: outturns, target and process limits",
    )
    return render(
        request,
        "outturn/indicator.html",
        {
            "indicator": indicator,
            "rows": rows,
            "latest": status.latest,
            "spc": status.spc,
            "variation": SPC_LABELS.get(status.spc.variation_icon or "", "Not enough data"),
            "assurance": SPC_LABELS.get(status.spc.assurance_icon or ""),
            "chart": chart,
            "benchmarks": _benchmarks(history.benchmarks, unit),
            "exception_reports": _exception_reports(request, indicator, history),
            "committees": list(indicator.committees.all()),
            "signed_in": signed_in,
            "sees_unpublished": unpublished,
            "changes": indicator_changes(indicator, include_outturns=unpublished)
            if signed_in
            else [],
        },
    )


def _is_unpublished(outturn: Any) -> bool:
    return outturn is not None and outturn.state != OutturnState.PUBLISHED


def _benchmarks(benchmarks: list[Any], unit: Unit) -> list[tuple[Any, str]]:
    ordered = sorted(benchmarks, key=lambda b: (b.group.order, b.group.name, b.period))
    return [(b, format_value(b.value, unit)) for b in ordered]


def _exception_reports(
    request: HttpRequest, indicator: Indicator, history: Any
) -> list[tuple[ExceptionReport, str]]:
    """Approved reports, latest first, linked for those who may open them.

    A report says an indicator is off (or beating) target, so before the period's value
    is published only those who may see unpublished values learn of it.
    """
    user = request.user
    reports = ExceptionReport.objects.filter(
        indicator=indicator, state=ReportState.APPROVED
    ).select_related("service_unit", "indicator__directorate")
    published = {o.period for o in history.outturns if o.state == OutturnState.PUBLISHED}
    early = roles.may_see_unpublished(user, indicator)
    shown = [r for r in reports if early or r.period in published]
    shown.sort(key=lambda r: r.period, reverse=True)
    return [(r, _exception_link(r.pk) if may_view(user, r) else "") for r in shown]
