"""Pages: the register (templates, import, export) and the scorecard export."""

from django.urls import URLPattern, URLResolver, path, re_path

from outturn.web.register import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("register/", views.register_home, name="register-home"),
    path("register/columns/", views.register_columns, name="register-columns"),
    re_path(
        r"^register/templates/(?P<name>[a-z_]+)\.(?P<extension>xlsx|csv)$",
        views.register_template,
        name="register-template",
    ),
    path("register/import/", views.register_upload, name="register-upload"),
    path("register/import/confirm/", views.register_import_confirm, name="register-import-confirm"),
    re_path(
        r"^register/export\.(?P<extension>xlsx|zip)$",
        views.register_export,
        name="register-export",
    ),
    path("export/", views.export_home, name="export-home"),
    path("export/scorecard/", views.export_scorecard, name="export-scorecard"),
    path(
        "export/scorecard/data-dictionary.csv",
        views.export_dictionary,
        name="export-scorecard-dictionary",
    ),
]
