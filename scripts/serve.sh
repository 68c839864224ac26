#!/usr/bin/env bash
# Start the workers and gunicorn together; Ctrl-C (or TERM) stops them all.
# Whoosh engine (default): the index worker (the only Whoosh writer), the import worker and gunicorn.
# PostgreSQL engine (NEWSARCHIVE_SEARCH_BACKEND=postgres): search rows are written in each import's own
# transaction, so there is no index worker; the import worker and gunicorn only.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
WORKERS="${WORKERS:-2}"

pids=()
if [ "${NEWSARCHIVE_SEARCH_BACKEND:-whoosh}" != "postgres" ]; then
    "$PY" manage.py db_worker --queue-name default --interval 0.5 --no-reload -v 0 &
    pids+=($!)
fi
# The import worker (large uploads) on its own queue.
"$PY" manage.py db_worker --queue-name imports --interval 1 --no-reload -v 0 &
pids+=($!)
.venv/bin/gunicorn newsarchive.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
    --access-logfile - --graceful-timeout 5 &
pids+=($!)

stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
echo "newsarchive: http://127.0.0.1:${PORT}/ (admin: http://127.0.0.1:${PORT}/admin/) — Ctrl-C stops the server and the workers"
# If any process dies, stop the others too.
wait -n "${pids[@]}" || true
stop
