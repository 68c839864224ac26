"""E-mail settings from the environment: SMTP with EMAIL_HOST (and `check --deploy` clean), the console
otherwise (printed, and still clean: see the README)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = {
    "SECRET_KEY": "y" * 20 + "-another-production-secret-key-with-entropy-9876543210",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "archive.example.org",
    "NEWSARCHIVE_HTTPS": "true",
}
SHOW = (
    "from django.conf import settings; import json; "
    "print(json.dumps([settings.MAILERS, settings.DEFAULT_FROM_EMAIL, settings.SILENCED_SYSTEM_CHECKS]))"
)


def manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "NEWSARCHIVE_DATA_DIR": str(tmp_path), **DEPLOY, **env}
    # SQLite in a fresh data directory, so the default engine too (the postgres one needs PostgreSQL).
    names = (
        "DATABASE_URL",
        "NEWSARCHIVE_SEARCH_BACKEND",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "EMAIL_HOST",
        "NEWSARCHIVE_EMAIL_FROM",
    )
    for name in names:
        if name not in env:
            environ.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_smtp_from_the_email_variables_and_deploy_check_clean(tmp_path):
    env = {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "archive",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": "false",
        "NEWSARCHIVE_EMAIL_FROM": "Archive <archive@example.org>",
    }
    shown = manage(tmp_path, "shell", "-v", "0", "-c", SHOW, **env)
    mailers, sender, silenced = json.loads(shown.stdout)
    assert mailers["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailers["default"]["OPTIONS"] | {"timeout": None} == {
        "host": "smtp.example.org",
        "port": 2525,
        "username": "archive",
        "password": "s3cret",
        "use_tls": False,
        "timeout": None,
    }
    assert sender == "Archive <archive@example.org>" and silenced == []
    deploy = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


def test_console_without_email_host(tmp_path):
    mailers, sender, silenced = json.loads(manage(tmp_path, "shell", "-v", "0", "-c", SHOW).stdout)
    assert mailers["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert sender == "newsarchive@localhost" and silenced == ["mail.E001"]
