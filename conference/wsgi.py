"""WSGI entry point, served by granian through `manage.py serve` (see docs/deploy.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from conference.web.collector import CollectBetweenRequests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
application = CollectBetweenRequests(get_wsgi_application())

# Python's cycle collector, tuned for a web worker: the modules, URL patterns and compiled
# templates loaded above live as long as the process, so they leave the collector's view
# (gc.freeze). The collector runs between requests (conference/web/collector.py); its own
# trigger, after 20,000 new objects rather than 2,000, is left for a request that
# allocates that much by itself (an edition of a thousand talks).
gc.freeze()
gc.set_threshold(20_000, 20, 20)
