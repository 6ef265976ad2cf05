"""Pages: report packs."""

from django.urls import URLPattern, URLResolver, path

from outturn.web.reports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/", views.pack_list, name="reports-list"),
    path("reports/<int:pk>/", views.pack_detail, name="reports-pack"),
    path("reports/<int:pk>/front-sheet/", views.pack_edit, name="reports-edit"),
    path("reports/<int:pk>/preview/", views.pack_preview, name="reports-preview"),
    path("reports/<int:pk>/build/", views.pack_build, name="reports-build"),
    path("reports/<int:pk>/sign-off/", views.pack_sign_off, name="reports-sign-off"),
    path("reports/<int:pk>/publish/", views.pack_publish, name="reports-publish"),
    path(
        "reports/<int:pk>/versions/<int:number>/progress/",
        views.version_progress,
        name="reports-progress",
    ),
    path(
        "reports/<int:pk>/versions/<int:number>/<str:file_format>/",
        views.version_download,
        name="reports-download",
    ),
    path("reports/charts/<str:code>/<str:name>", views.chart_image, name="reports-chart"),
]
