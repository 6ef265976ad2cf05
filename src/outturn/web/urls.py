from django.urls import path

from outturn.web import pages, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("accessibility/", pages.accessibility_statement, name="accessibility"),
]
