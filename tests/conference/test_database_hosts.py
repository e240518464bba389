"""DATABASE_URL naming several PostgreSQL hosts, as docs/deploy.md's "PostgreSQL with a
streaming replica" writes it: the settings hand the list to libpq, which connects to the
first host that accepts writes. No replica here: the first host is a socket folder with
no server in it, the second the test server."""

import json
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conference.test_settings import PRODUCTION, run_python

pytestmark = pytest.mark.django_db

CONNECT = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT current_database(), current_setting('transaction_read_only')")
    print(json.dumps(cursor.fetchone()))
"""


def test_database_url_with_two_hosts_connects_to_the_one_that_answers(tmp_path):
    connection.ensure_connection()
    params = connection.settings_dict
    if not str(params["HOST"]).startswith("/"):
        pytest.skip("builds its URL from the embedded server's socket folder")
    hosts = ",".join(quote(host, safe="") for host in (str(tmp_path), params["HOST"]))
    url = (
        f"postgres://{params['USER']}@{hosts}:{params['PORT'] or 5432}/{params['NAME']}"
        "?target_session_attrs=read-write&connect_timeout=3"
    )

    result = run_python(CONNECT, **{**PRODUCTION, "DATABASE_URL": url})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [params["NAME"], "off"]
