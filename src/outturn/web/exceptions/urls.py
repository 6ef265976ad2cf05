"""Pages: exception reports."""

from django.urls import URLPattern, URLResolver, path

from outturn.web.exceptions import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("exception-reports/", views.mine, name="exceptions-mine"),
    path("exception-reports/approvals/", views.approvals, name="exceptions-approvals"),
    path("exception-reports/overview/", views.overview, name="exceptions-overview"),
    path("exception-reports/overview/flag/", views.flag, name="exceptions-flag"),
    path("exception-reports/add/", views.add, name="exceptions-add"),
    path("exception-reports/settings/", views.settings_page, name="exceptions-settings"),
    path("exception-reports/<int:pk>/", views.report, name="exceptions-report"),
    path("exception-reports/<int:pk>/edit/", views.edit, name="exceptions-edit"),
    path("exception-reports/<int:pk>/submit/", views.submit, name="exceptions-submit"),
    path("exception-reports/<int:pk>/approve/", views.approve, name="exceptions-approve"),
    path("exception-reports/<int:pk>/return/", views.return_report, name="exceptions-return"),
    path("exception-reports/<int:pk>/withdraw/", views.withdraw, name="exceptions-withdraw"),
    path("exception-reports/<int:pk>/delegate/", views.delegate, name="exceptions-delegate"),
]
