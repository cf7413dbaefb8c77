import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()
# Everything loaded so far lives as long as the worker: move it out of the collector's sight, so full
# collections scan only what requests create (they would otherwise pause a request now and then).
gc.collect()
gc.freeze()
