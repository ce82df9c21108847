"""The site as gunicorn serves it, plus the bare views of bench/urls.py, for the throughput run."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.urls"
