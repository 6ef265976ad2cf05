"""My tasks: everything waiting for the signed-in person, across the whole cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from outturn.accounts import roles
from outturn.exception_reports.models import ReportState
from outturn.exception_reports.selectors import is_overdue, my_reports, waiting_for_approval
from outturn.planning.models import PlanningYear, ProposalState
from outturn.planning.selectors import proposals_to_agree, proposals_to_propose
from outturn.rounds.models import Round, RoundState
from outturn.rounds.selectors import OWED, ItemStatus, RoundItem, round_items
from outturn.scorecard.models import Indicator, Outturn, OutturnState


@dataclass(frozen=True)
class Task:
    """One line of the list: what to do, how many, where."""

    text: str
    href: str
    count: int
    urgent: str = ""


def _year_slug(year: PlanningYear) -> str:
    return str(year.period).replace("/", "-")


def _data_tasks(user: User, open_rounds: list[Round]) -> list[Task]:
    today = timezone.localdate()
    tasks = []
    items: list[RoundItem] = []
    for round_ in open_rounds:
        items += round_items(round_, scope=roles.entry_scope(user), today=today)
    owed = [item for item in items if item.status in OWED]
    if owed:
        overdue = sum(item.status == ItemStatus.OVERDUE for item in owed)
        returned = sum(item.status == ItemStatus.RETURNED for item in owed)
        notes = [
            f"{overdue} overdue" if overdue else "",
            f"{returned} returned" if returned else "",
        ]
        tasks.append(
            Task(
                "Values to enter or submit",
                reverse("web:collect-my-data"),
                len(owed),
                ", ".join(note for note in notes if note),
            )
        )
    waiting = Outturn.objects.filter(
        state=OutturnState.SUBMITTED,
        indicator__in=Indicator.objects.filter(roles.approval_scope(user)),
    ).count()
    if waiting:
        tasks.append(Task("Values to approve", reverse("web:collect-approvals"), waiting))
    return tasks


def _report_tasks(user: User) -> list[Task]:
    tasks = []
    to_write = [r for r in my_reports(user) if r.state in (ReportState.DRAFT, ReportState.RETURNED)]
    if to_write:
        overdue = sum(is_overdue(r) for r in to_write)
        tasks.append(
            Task(
                "Exception reports to write",
                reverse("web:exceptions-mine"),
                len(to_write),
                f"{overdue} overdue" if overdue else "",
            )
        )
    to_approve = waiting_for_approval(user)
    if to_approve:
        tasks.append(
            Task(
                "Exception reports to approve", reverse("web:exceptions-approvals"), len(to_approve)
            )
        )
    return tasks


def _target_tasks(user: User) -> list[Task]:
    tasks = []
    for year in PlanningYear.objects.exclude(state="locked").order_by("-period"):
        slug = _year_slug(year)
        to_propose = (
            proposals_to_propose(year, user)
            .filter(state__in=[ProposalState.DRAFT, ProposalState.RETURNED])
            .count()
        )
        if to_propose:
            tasks.append(
                Task(
                    f"Targets to propose for {year.period}",
                    reverse("web:planning-propose", kwargs={"year": slug}),
                    to_propose,
                )
            )
        to_agree = (
            proposals_to_agree(year, user)
            .filter(state=ProposalState.PROPOSED)
            .exclude(proposed_by=user)
            .count()
        )
        if to_agree:
            tasks.append(
                Task(
                    f"Targets to agree for {year.period}",
                    reverse("web:planning-agree", kwargs={"year": slug}),
                    to_agree,
                )
            )
    return tasks


def _team_tasks(open_rounds: list[Round]) -> list[Task]:
    today = timezone.localdate()
    tasks = []
    for round_ in open_rounds:
        items = round_items(round_, today=today)
        href = reverse("web:collect-round", kwargs={"period": round_.period})
        approved = sum(item.status == ItemStatus.APPROVED for item in items)
        if approved:
            tasks.append(Task(f"Approved values to publish, {round_.period}", href, approved))
        chase = sum(item.status in (ItemStatus.OVERDUE, ItemStatus.RETURNED) for item in items)
        if chase:
            tasks.append(Task(f"Overdue or returned values, {round_.period}", href, chase))
    return tasks


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Values due, values and reports to approve, reports to write, targets to set."""
    user = cast(User, request.user)  # signed in: login_required
    open_rounds = sorted(Round.objects.filter(state=RoundState.OPEN), key=lambda r: r.period)
    sections = [
        ("Data", _data_tasks(user, open_rounds)),
        ("Exception reports", _report_tasks(user)),
        ("Targets", _target_tasks(user)),
    ]
    if roles.is_performance_team(user):
        sections.append(("Running the cycle", _team_tasks(open_rounds)))
    sections = [(title, tasks) for title, tasks in sections if tasks]
    return render(
        request,
        "outturn/tasks/my_tasks.html",
        {"sections": sections, "open_rounds": open_rounds},
    )
