"""Web infrastructure: how requests are answered, whatever the page.

The page cache (page_cache, cache_guard for a cache server that is down), per-client rate
limits (ratelimit), the admin sign-in lockout (lockout), our middleware and the CSP's media
origin (middleware, csp), how media files are served (media), the cycle collector run
between requests (collector), page URLs built without reverse() (fast_urls), escaping for
tags that write markup (html_text), Redis URLs (redis_urls), and fetching URLs someone
gave us without reaching our own network (outbound).

The apps (talks, photos, the editions in conference) use these; nothing here imports
talks or photos (tests/test_import_direction.py holds it so).
"""
