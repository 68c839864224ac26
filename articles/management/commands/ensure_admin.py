from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists: from NEWSARCHIVE_ADMIN_USER / NEWSARCHIVE_ADMIN_PASSWORD, "
        "else create 'admin' with a generated password and print it once."
    )

    def handle(self, *args, **options) -> None:
        User = get_user_model()  # noqa: N806
        username = os.environ.get("NEWSARCHIVE_ADMIN_USER", "").strip()
        password = os.environ.get("NEWSARCHIVE_ADMIN_PASSWORD", "")
        if username and password:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": True}
            )
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            self.stdout.write(f"Admin account {username!r} {'created' if created else 'updated'} from the environment.")
            return
        if User.objects.filter(is_superuser=True).exists():
            return
        username = username or "admin"
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(f"Created admin account {username!r} with password {password} (shown once).")
        )
