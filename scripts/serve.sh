#!/usr/bin/env bash
# Start the index worker and gunicorn together; Ctrl-C (or TERM) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
WORKERS="${WORKERS:-2}"

"$PY" manage.py db_worker --queue-name '*' --interval 0.5 --no-reload -v 0 &
worker=$!
.venv/bin/gunicorn newsarchive.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
    --access-logfile - --graceful-timeout 5 &
web=$!

stop() { kill -TERM "$worker" "$web" 2>/dev/null || true; wait "$worker" "$web" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
echo "newsarchive: http://127.0.0.1:${PORT}/ (admin: http://127.0.0.1:${PORT}/admin/) — Ctrl-C stops the server and the worker"
# If either process dies, stop the other too.
wait -n "$worker" "$web" || true
stop
