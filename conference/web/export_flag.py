"""The flag a request rendered for the static export carries, and what templates see of it.

The exporter (conference.static_export.render) sets FLAG in the request's WSGI environ.
A visitor cannot: HTTP headers reach the environ only as HTTP_* keys, so the live site
never renders an export page. Templates read `static_export` (the context processor below)
to leave out what needs the server: the zip downloads, the takedown form, the starred
talks, the search suggestions, the admin and API links. The search view answers with the
static search page instead (talks/search_views.py).
"""

FLAG = "conference.static_export"


def is_static_export(request) -> bool:
    """Whether this request renders a page of the static export."""
    return bool(request is not None and request.META.get(FLAG))


def static_export(request) -> dict:
    """Context processor: `static_export` is True in pages rendered for the export."""
    return {"static_export": is_static_export(request)}
