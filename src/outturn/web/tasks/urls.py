from django.urls import URLPattern, URLResolver, path

from outturn.web.tasks import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tasks/", views.my_tasks, name="tasks"),
]
