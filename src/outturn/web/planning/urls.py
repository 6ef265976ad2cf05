from django.urls import URLPattern, URLResolver, path

from outturn.web.planning import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("targets/", views.years, name="planning-years"),
    path("targets/<str:year>/", views.overview, name="planning-year"),
    path("targets/<str:year>/lock/", views.lock, name="planning-lock"),
    path("targets/<str:year>/add-indicators/", views.add_indicators, name="planning-add"),
    path("targets/<str:year>/propose/", views.to_propose, name="planning-propose"),
    path("targets/<str:year>/agree/", views.to_agree, name="planning-agree"),
    path("targets/<str:year>/indicators/<str:code>/", views.proposal, name="planning-proposal"),
    path(
        "targets/<str:year>/indicators/<str:code>/decision/",
        views.decide,
        name="planning-decide",
    ),
]
