#!/usr/bin/env bash
# Start the index worker, the import worker and gunicorn together; Ctrl-C (or TERM) stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
WORKERS="${WORKERS:-2}"

# The index worker (the only index writer) and the import worker (large uploads), on separate queues.
"$PY" manage.py db_worker --queue-name default --interval 0.5 --no-reload -v 0 &
worker=$!
"$PY" manage.py db_worker --queue-name imports --interval 1 --no-reload -v 0 &
importer=$!
.venv/bin/gunicorn newsarchive.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
    --access-logfile - --graceful-timeout 5 &
web=$!

stop() { kill -TERM "$worker" "$importer" "$web" 2>/dev/null || true; wait "$worker" "$importer" "$web" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
echo "newsarchive: http://127.0.0.1:${PORT}/ (admin: http://127.0.0.1:${PORT}/admin/) — Ctrl-C stops the server and the workers"
# If any process dies, stop the others too.
wait -n "$worker" "$importer" "$web" || true
stop
