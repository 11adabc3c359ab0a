#!/usr/bin/env bash
# Bounded intake load run on 127.0.0.1 (see docs/operations.md, "Scaling").
#   bash deploy/loadtest/run-intake-load.sh embedded|production [seconds] [connections]
# embedded:   one web process, SQLite + in-memory bus + workers in-process.
# production: web (Portal:InProcessWorkers=false) + one worker process on PostgreSQL + RabbitMQ
#             (FP_TEST_POSTGRES / FP_TEST_RABBITMQ, defaults as in docs/testing.md; a throw-away
#             database and virtual host are created and dropped).
# Needs wrk (apt-get install wrk) and a Release build:
#   dotnet build FeedbackPortal.sln -c Release
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mode=${1:-embedded}; seconds=${2:-20}; connections=${3:-16}
port=5080; worker_port=5081
data=$(mktemp -d); pids=()
web_dll=src/FeedbackPortal.Web/bin/Release/net10.0/FeedbackPortal.Web.dll
worker_dll=src/FeedbackPortal.Worker/bin/Release/net10.0/FeedbackPortal.Worker.dll
pg=${FP_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=portal;Password=portal}
mq=${FP_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/}
mq_api=${FP_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:15672}
name=fp_load_$RANDOM$RANDOM

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$mode" = production ]; then
    PGPASSWORD=portal psql -X -q -h 127.0.0.1 -U portal -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
    curl -fsS -u guest:guest -X DELETE "$mq_api/api/vhosts/$name" >/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development  # demo partner key
export Captcha__Provider=None Portal__DataDirectory=$data Portal__PublicBaseUrl=http://localhost
export Logging__LogLevel__Default=Warning
if [ "$mode" = production ]; then
  PGPASSWORD=portal psql -X -q -h 127.0.0.1 -U portal -d postgres -c "CREATE DATABASE $name"
  curl -fsS -u guest:guest -X PUT "$mq_api/api/vhosts/$name" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "$mq_api/api/permissions/$name/guest" >/dev/null
  export Database__Provider=Postgres "ConnectionStrings__Postgres=$pg;Database=$name"
  export Messaging__Transport=RabbitMq "ConnectionStrings__RabbitMq=${mq%/}/$name"
  Portal__InProcessWorkers=false ASPNETCORE_URLS=http://127.0.0.1:$port dotnet "$web_dll" & pids+=($!)
  ASPNETCORE_URLS=http://127.0.0.1:$worker_port Portal__DataDirectory=$data/worker dotnet "$worker_dll" & pids+=($!)
else
  ASPNETCORE_URLS=http://127.0.0.1:$port dotnet "$web_dll" & pids+=($!)
fi

for _ in $(seq 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
# Warm-up (JIT, connection pools), then the measured run.
wrk -t1 -c4 -d3s -s deploy/loadtest/intake.lua "http://127.0.0.1:$port/api/v1/submissions" >/dev/null
start=$(date +%s.%N)
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s deploy/loadtest/intake.lua "http://127.0.0.1:$port/api/v1/submissions" | tail -n 1
# How long the workers need to dispatch everything that was accepted (outbox drained).
for _ in $(seq 300); do
  backlog=$(curl -fs "http://127.0.0.1:$port/health/ready" | sed -n 's/.*"undispatched":"\([0-9]*\)".*/\1/p')
  [ "${backlog:-1}" = 0 ] && break
  sleep 1
done
echo "outbox drained $(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)") s after the run started (mode $mode, backlog now ${backlog:-?})"
