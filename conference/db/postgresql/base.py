"""Django's PostgreSQL backend, with a connection health check that needs no round trip
while the connection is evidently alive.

With CONN_HEALTH_CHECKS, Django checks a persistent connection before its first use in
each request by running SELECT 1: one more round trip to PostgreSQL on every request,
which on a talk page was a sixth of its statements. A connection the server has ended (a
restart, pg_terminate_backend, an idle timeout) always leaves something to read on its
socket: the server's termination notice, or the end of the stream. So while the
connection is idle, an empty socket means the connection stands, and anything to read
sends the check to Django's own SELECT 1, which then decides (and reads what was there).
A connection lost without a word (a network cut to a remote server) would hang a
SELECT 1 as well; the TCP keepalives of the connection string are the answer to that.

tests/conference/test_faults.py and test_pg_restart.py end and restart the server under
this check.
"""

import select

from django.db.backends.postgresql import base


class CheapHealthCheck:
    """is_usable() without a round trip while nothing waits on the socket."""

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed:
            return False
        # poll, not select: a worker with many open sockets may hand the connection a
        # descriptor above select()'s limit of 1024.
        poller = select.poll()
        try:
            poller.register(connection.fileno(), select.POLLIN)
            readable = bool(poller.poll(0))
        except (OSError, ValueError):
            return False
        return super().is_usable() if readable else True


class DatabaseWrapper(CheapHealthCheck, base.DatabaseWrapper):
    pass
