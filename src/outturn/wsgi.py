"""WSGI entry point (gunicorn outturn.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outturn.settings")
application = get_wsgi_application()
