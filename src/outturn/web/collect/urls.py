from django.urls import URLPattern, URLResolver, path

from outturn.web.collect import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("rounds/", views.round_list, name="collect-rounds"),
    path("rounds/<period:period>/", views.round_detail, name="collect-round"),
    path("rounds/<period:period>/action/", views.round_action, name="collect-round-action"),
    path("my-data/", views.my_data, name="collect-my-data"),
    path("my-data/<str:code>/<period:period>/", views.entry, name="collect-entry"),
    path("approvals/", views.approvals, name="collect-approvals"),
    path("approvals/<int:pk>/", views.approval_action, name="collect-approval-action"),
]
