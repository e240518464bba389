"""The demo's administrator account."""

import os
import secrets

from django.contrib.auth import get_user_model

DEMO_ADMIN_USERNAME = "admin"


def ensure_demo_admin(*, username: str = DEMO_ADMIN_USERNAME) -> tuple[str, str]:
    """Create or repair the demo superuser and give it a password; return (username, password).

    Side effects: creates the user if missing, makes it an active superuser, and sets its
    password to $DEMO_ADMIN_PASSWORD when set, else to a fresh random token, so the login
    printed by `manage.py demo` always works, however many times it runs.
    """
    password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    user.is_active = user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return username, password
