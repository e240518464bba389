"""Django's PostgreSQL backend, pointed at the checkout's private server on first use.

Starting the server here rather than in settings keeps commands that never touch the
database (ruff, makemigrations --check, collectstatic) from starting anything, and lets
concurrent processes share one server.
"""

from django.conf import settings
from django.db.backends.postgresql import base, client

from conference.db import embedded_db
from conference.db.postgresql.base import CheapHealthCheck


class DatabaseClient(client.DatabaseClient):
    """`manage.py dbshell` needs the socket address before the first connection."""

    def runshell(self, parameters):
        self.connection.ensure_embedded_server()
        super().runshell(parameters)


class DatabaseWrapper(CheapHealthCheck, base.DatabaseWrapper):
    client_class = DatabaseClient

    def ensure_embedded_server(self) -> None:
        address = embedded_db.ensure_server(settings.EMBEDDED_POSTGRES_DIR)
        self.settings_dict["HOST"] = address.socket_dir
        self.settings_dict["PORT"] = str(address.port)
        name = self.settings_dict.get("NAME")
        # Only the main database is created here; test databases are Django's to create.
        if name and name == settings.DATABASES["default"]["NAME"] and not name.startswith("test_"):
            embedded_db.ensure_database(address, name)

    def get_connection_params(self):
        self.ensure_embedded_server()
        return super().get_connection_params()
