"""WSGI entry point for production servers (gunicorn, started by `localsdg serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localsdg.settings")
application = get_wsgi_application()
