"""Database backend for the embedded PostgreSQL: Django's own backend, started lazily."""
