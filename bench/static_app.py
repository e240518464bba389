"""The WSGI app granian needs beside its static files in bench/static.py: every address it
is asked for is a file of the exported folder, so this answers 404 only."""


def app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
