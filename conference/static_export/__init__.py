"""`manage.py export_static DIR`: the public archive as a folder any plain web server serves.

Pages are rendered by Django itself (the real views, readers and templates, through the
test Client's in-process WSGI handler), so the export never holds a second copy of page
code. The modules, one job each:

The request flag a page rendered for the export carries, and the template variable it
gives, live in conference/web/export_flag.py (server-only pieces, e.g. the zip downloads
and the admin link, leave the page; the search page becomes the static one).

- urls.py: what to export, read from the sitemap's sections (conference.sitemaps.SITEMAPS:
  every public page in both languages, each with its last change) plus the few pages
  the sitemap does not list (search, robots.txt, the sitemap itself).
- links.py: where each address lands in the folder, and every link made relative.
- render.py: one address rendered through Django; the pages and files it links found.
- write.py: the folder and its manifest (hashes, what each page produced), so a second run
  writes only what changed and removes what is no longer public.
- assets.py: the static files (collected, hashed names) and the public media a page shows.
- search.py: the static search index (Pagefind) over the exported talk pages.
- dump.py: the public data dump the footer links, current with the pages.
- export.py: the run that ties them together, in worker processes.
"""
