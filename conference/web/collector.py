"""Python's cycle collector for a web worker: run between requests, on what they left.

Every Django page leaves reference cycles behind: the template's Context and its
ContextDicts point at each other, a class-based view holds its own bound `head` method,
the request and its messages storage, lazy user and CSP nonce point back at it. All a
page read hangs off those cycles (a talk page's talks, credits, speakers and their model
state: about 200 objects), so only the cycle collector frees it. Left to its allocation
counter, the collector ran in the middle of some request every hundred pages or so, for
milliseconds at a time: with one thread per worker, every request queued behind that one
waited too, and those pauses set much of a talk page's p99 (the figures, and the
bench/http.py run that measured them, are in docs/performance.md).

CollectBetweenRequests runs the collector on the youngest generation before each request
instead. What the previous request left is garbage by then and is freed quickly; less
live data is in the young generation than in the middle of a page, so the collector
spends less time in all (docs/performance.md). The older generations are collected here
too, on a fixed count of requests: the automatic collector only consults its counters
when the youngest generation fills up, which these collections keep from happening. It
stays on for a request that allocates past its threshold by itself (conference/wsgi.py
sets it).
"""

import gc

# Requests between collections of the middle and the oldest generation. The oldest holds
# everything loaded since the start that gc.freeze() did not exempt: tens of thousands
# of objects, a long pause to walk (docs/performance.md), so it is walked rarely.
MIDDLE_EVERY = 100
OLDEST_EVERY = 10_000


class CollectBetweenRequests:
    """A WSGI application that runs `app` after collecting the last requests' cycles."""

    def __init__(self, app, *, middle_every: int = MIDDLE_EVERY, oldest_every: int = OLDEST_EVERY):
        self.app = app
        self.middle_every = middle_every
        self.oldest_every = oldest_every
        self.requests = 0

    def __call__(self, environ, start_response):
        # A plain counter: with several threads a lost increment only shifts a collection.
        self.requests += 1
        if self.requests % self.oldest_every == 0:
            gc.collect(2)
        elif self.requests % self.middle_every == 0:
            gc.collect(1)
        else:
            gc.collect(0)
        return self.app(environ, start_response)
