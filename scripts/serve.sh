#!/usr/bin/env bash
# Start the workers, gunicorn and the e-mail digests loop together; Ctrl-C (or TERM) stops them all.
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
# Saved searches' e-mail digests, every ALERTS_INTERVAL seconds (default 15 minutes): send_alerts only
# sends what is due (once per day / week) and records it, so running it often is safe. A loop here, not a
# cron entry or another service, so that `make run` is the whole installation. Its failures are said on
# stderr and the loop goes on; a missing NEWSARCHIVE_SITE_URL is said once, then the loop waits quietly.
(
    sleeper=""
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM  # a running send_alerts is let finish (stop waits)
    while true; do
        sleep "${ALERTS_INTERVAL:-900}" &
        sleeper=$!
        wait "$sleeper"
        if [ -n "${NEWSARCHIVE_SITE_URL:-}" ]; then
            "$PY" manage.py send_alerts -v 0 || echo "send_alerts failed (it retries in ${ALERTS_INTERVAL:-900} s)" >&2
        elif [ -z "${warned:-}" ]; then
            echo "E-mail digests are off: set NEWSARCHIVE_SITE_URL to send them." >&2
            warned=1
        fi
    done
) &
pids+=($!)
.venv/bin/gunicorn newsarchive.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
    --access-logfile - --graceful-timeout 5 &
pids+=($!)

stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
echo "newsarchive: http://127.0.0.1:${PORT}/ (admin: http://127.0.0.1:${PORT}/admin/) — Ctrl-C stops the server, the workers and the e-mail loop"
# If any process dies, stop the others too.
wait -n "${pids[@]}" || true
stop
