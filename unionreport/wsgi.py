"""The WSGI entry point (gunicorn -c gunicorn.conf.py unionreport.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
application = get_wsgi_application()
