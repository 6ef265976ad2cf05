"""Pages: accounts (signing in and out)."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, path

from outturn.web.accounts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("sign-in/", views.sign_in, name="accounts-sign-in"),
    path("sign-out/", views.sign_out, name="accounts-sign-out"),
]

# The council-account routes exist only when OpenID Connect is configured: without it
# there is nothing for them to do, and nothing to probe.
if settings.OIDC_ENABLED:
    urlpatterns += [
        path(
            "oidc/authenticate/",
            views.CouncilAccountSignIn.as_view(),
            name="accounts-oidc-authenticate",
        ),
        path(
            "oidc/callback/", views.CouncilAccountCallback.as_view(), name="accounts-oidc-callback"
        ),
    ]
