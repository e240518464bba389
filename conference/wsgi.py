"""WSGI entry point, served by granian through `manage.py serve` (see docs/deploy.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
application = get_wsgi_application()

# Python's cycle collector, tuned for a web worker: the modules, URL patterns and compiled
# templates loaded above live as long as the process, so they leave the collector's view
# (gc.freeze), and the youngest generation is collected after 20,000 new objects rather
# than 2,000. A page builds thousands of short-lived objects (model instances, template
# nodes' output) that reference counting frees anyway; collecting them ten times as often
# cost about 5% of a talk page (measured in docs/deploy.md's section on cheap pages).
gc.freeze()
gc.set_threshold(20_000, 20, 20)
