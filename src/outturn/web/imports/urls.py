"""Pages: importing a round's outturns from a spreadsheet."""

from django.urls import URLPattern, URLResolver, path

from outturn.web.imports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("rounds/<period:period>/import/", views.upload, name="imports-upload"),
    path(
        "rounds/<period:period>/import/template.<str:file_format>",
        views.template_download,
        name="imports-template",
    ),
    path("imports/<int:pk>/", views.job_detail, name="imports-job"),
    path("imports/<int:pk>/status/", views.job_status, name="imports-job-status"),
]
