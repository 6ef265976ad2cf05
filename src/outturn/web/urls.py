from django.urls import path

from outturn.web import pages, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", pages.accessibility_statement, name="accessibility"),
]
