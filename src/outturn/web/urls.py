from django.urls import include, path, register_converter

from outturn.web import pages, views
from outturn.web.converters import PeriodConverter

register_converter(PeriodConverter, "period")

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("accessibility/", pages.accessibility_statement, name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
    # Each area of the application keeps its own URLs, named in its own namespace.
    path("", include("outturn.web.accounts.urls")),
    path("", include("outturn.web.tasks.urls")),
    path("", include("outturn.web.collect.urls")),
    path("", include("outturn.web.imports.urls")),
    path("", include("outturn.web.register.urls")),
    path("", include("outturn.web.planning.urls")),
    path("", include("outturn.web.exceptions.urls")),
    path("", include("outturn.web.reports.urls")),
]
