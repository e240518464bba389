"""The read-only JSON API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

django-ninja builds the schema from the typed signatures and schemas (schemas.py); the
conventions are those of the search endpoint (talks/api.py, docs/api.md): GET only,
`limit` 1..100 and `offset` or `page`, {"count", "next", "previous", "results"}, absolute
`url` fields, published data only, and errors as {"error": ..., "fields": {...}} with 400.
"""

from talks.api_v1.base import api
from talks.api_v1.galleries import router as galleries_router
from talks.api_v1.people import router as people_router
from talks.api_v1.search import router as search_router
from talks.api_v1.talks import router as talks_router

api.add_router("", talks_router)
api.add_router("", people_router)
api.add_router("", galleries_router)
api.add_router("", search_router)

__all__ = ["api"]
