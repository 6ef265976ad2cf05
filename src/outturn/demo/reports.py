"""The demo council's report packs: front sheets written, ready for a first build.

Three drafts: the Cabinet corporate performance reports for 2025/26 Q2 and Q4, and the
Children's Services Overview and Scrutiny Committee's KPI report for 2025/26 Q4. No
version is built here (that renders every format, and belongs to the person trying the
demo): open a pack at /reports/ and build it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from outturn.engine.periods import parse_period
from outturn.reports.models import PaperStatus, ReportPack

NONE = "None."

_CABINET_COMMON: dict[str, Any] = {
    "status": PaperStatus.PUBLIC,
    "portfolio_holders": "Cllr Stuart Ellery, Portfolio Holder for Finance and Corporate Resources",
    "corporate_director": "Graham Whitley, Corporate Director of Resources",
    "report_authors": "Megan Holloway, Corporate Performance Manager",
    "wards": "Council-wide",
    "classification": "For recommendation",
    "options_appraisal": (
        "Cabinet could ask for a different set of measures or a different format. The "
        "scorecard was agreed for the year and is reviewed each spring, so no change is "
        "proposed now."
    ),
    "legal_implications": NONE,
    "human_resources_implications": NONE,
    "sustainability_impact": (
        "Several indicators track the council's climate commitments (public charge points, "
        "recycling, sustainable travel); their progress is reported here rather than "
        "separately."
    ),
    "public_health_implications": (
        "Indicators on adult social care, children's health assessments and housing bear "
        "directly on residents' health; where they are off target the exception reports "
        "set out what is being done."
    ),
    "equality_implications": (
        "The report describes performance and proposes no change to services. Services "
        "consider equality impacts when they plan the actions described in the exception "
        "reports."
    ),
    "risk_assessment": (
        "Indicators that stay off target are reflected in the corporate risk register where "
        "they threaten a statutory duty or the budget."
    ),
    "background_papers": "The corporate performance scorecard, published on the council's website.",
    "appendices": "Appendix A: the data appendix (Excel), one row per indicator.",
}

PACKS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "2025/26 Q2",
        "council",
        {
            **_CABINET_COMMON,
            "report_subject": "Corporate performance report: quarter 2, 2025/26",
            "meeting_date": date(2025, 12, 10),
            "executive_summary": (
                "How the council performed from July to September 2025 against the corporate "
                "performance scorecard, with an exception report for each indicator well off "
                "target and a positive exception report for each well ahead of it.\n\n"
                "The summer brought strong results for the town centres, enforcement against "
                "littering and public charge points. Timeliness of education, health and care "
                "plans remains the main concern."
            ),
            "recommendations": (
                "It is RECOMMENDED that Cabinet:\n"
                "- notes performance for quarter 2, 2025/26;\n"
                "- notes the actions set out in the exception reports."
            ),
            "reason_for_recommendations": (
                "Cabinet reviews corporate performance each quarter so that it can hold "
                "services to account and ask for action where results fall short."
            ),
            "financial_implications": (
                "There are no direct financial implications. Costs of the improvement actions "
                "described are met from existing service budgets."
            ),
        },
    ),
    (
        "2025/26 Q4",
        "council",
        {
            **_CABINET_COMMON,
            "report_subject": "Corporate performance report: quarter 4 and year end, 2025/26",
            "meeting_date": date(2026, 6, 17),
            "executive_summary": (
                "Performance for January to March 2026 and for the year as a whole. Annual and "
                "academic-year indicators show their latest published result.\n\n"
                "The year closes with most indicators on target. Child protection plans remain "
                "well above the rates of comparable councils, and the report sets out the "
                "response."
            ),
            "recommendations": (
                "It is RECOMMENDED that Cabinet:\n"
                "- notes performance for quarter 4 and the year end, 2025/26;\n"
                "- notes the exception reports and the restated figures;\n"
                "- endorses the scorecard for 2026/27, agreed in March."
            ),
            "reason_for_recommendations": (
                "The year-end report closes the scorecard's year and informs the targets "
                "services work to next."
            ),
            "financial_implications": (
                "None arising from this report. The revenue budget position is reported to "
                "Cabinet separately in the outturn report."
            ),
        },
    ),
    (
        "2025/26 Q4",
        "committee:children-os",
        {
            "report_subject": "Children's Services key performance indicators, quarter 4 2025/26",
            "meeting_date": date(2026, 6, 23),
            "status": PaperStatus.PUBLIC,
            "executive_summary": (
                "Performance from January to March 2026 for the indicators of the corporate "
                "scorecard that belong to Children's Services, with the service's commentary "
                "on each."
            ),
            "recommendations": "It is RECOMMENDED that the committee notes the report.",
            "reason_for_recommendations": "For information.",
            "portfolio_holders": (
                "Cllr Jonathan Mercer, Portfolio Holder for Children and Young People"
            ),
            "corporate_director": "Claire Penrose, Corporate Director of Children's Services",
            "report_authors": (
                "Megan Holloway, Corporate Performance Manager\n"
                "Tom Ashby, Performance and Data Officer, Children's Services"
            ),
            "wards": "Council-wide",
            "classification": "For information",
            "options_appraisal": NONE,
            "financial_implications": (
                "Children who are permanently excluded must be offered alternative provision, "
                "which is paid for from the high needs block of the dedicated schools grant."
            ),
            "legal_implications": NONE,
            "human_resources_implications": NONE,
            "sustainability_impact": NONE,
            "public_health_implications": (
                "Timely health and dental checks for children in care, and children staying "
                "in school, both lead to better health later in life."
            ),
            "equality_implications": (
                "Disabled children, children from some minority ethnic groups and children on "
                "free school meals are more likely to be excluded or to need a plan; the "
                "service monitors these groups separately."
            ),
            "risk_assessment": NONE,
            "background_papers": NONE,
            "appendices": NONE,
        },
    ),
)


def build_demo_packs() -> int:
    """Create the demo's draft packs (the register was wiped before); returns how many."""
    performance = get_user_model().objects.filter(username="performance").first()
    for period, scope, fields in PACKS:
        pack = ReportPack(period=parse_period(period), scope=scope, **fields)
        pack._change_reason = "Demo pack"  # type: ignore[attr-defined]
        if performance is not None:
            pack._history_user = performance  # type: ignore[attr-defined]
        pack.save()
    return len(PACKS)
