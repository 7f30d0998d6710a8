#!/bin/sh
# Serve the demo (`make demo`) and, beside the server, run scheduled publishing every
# PUBLISH_INTERVAL seconds, as cron would on a real portal. Ctrl-C (or the server
# stopping for any reason) stops both. Plain POSIX sh.
#
#   sh example_site/serve_demo.sh PYTHON HOST PORT
set -u
python=$1
host=$2
port=$3
interval=${PUBLISH_INTERVAL:-60}
manage="example_site/manage.py"
# The settings build WAGTAILADMIN_BASE_URL and ALLOWED_HOSTS from these.
BORDERPLAN_DEMO_HOST=$host
BORDERPLAN_DEMO_PORT=$port
export BORDERPLAN_DEMO_HOST BORDERPLAN_DEMO_PORT
mkdir -p var
log=var/publish.log

(
    child=
    # A background job of a non-interactive shell ignores Ctrl-C: the server's exit
    # stops it with TERM instead, and it takes its current child with it.
    trap 'if [ -n "$child" ]; then kill "$child" 2>/dev/null; fi; exit 0' TERM
    while :; do
        "$python" "$manage" borderplan_publish >"$log" 2>&1 &
        child=$!
        wait "$child"
        # Show runs that did something; idle runs stay in var/publish.log only.
        if grep -qv '^published 0, expired 0, failed 0$' "$log"; then
            sed 's/^/[borderplan_publish] /' "$log"
        fi
        sleep "$interval" &
        child=$!
        wait "$child"
    done
) &
runner=$!
trap 'kill "$runner" 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Scheduled publishing runs every ${interval} s beside the server (output: $log)."
"$python" "$manage" runserver "$host:$port"
