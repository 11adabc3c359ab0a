#!/usr/bin/env bash
# Chaos run: the crash scenarios of the test suite (tests/FeedbackPortal.IntegrationTests,
# Category=Crash) at a larger scale, on demand. Each scenario prints one line:
#   <scenario>: acknowledged=N stored=N stranded=N duplicated=N receipts=N indexed=N drain=Ns ...
#
#   bash deploy/chaos/run.sh [embedded|production|broker|all]      (default: all)
#
# Scenarios: embedded (SQLite + in-memory bus + embedded search, one web process) with the web
# process killed (SIGKILL) several times during intake; production (PostgreSQL + RabbitMQ, web and
# worker apart) with the worker killed several times during routing and delivery; production with a
# private RabbitMQ node (its own name, ports and data; the shared broker is never touched) killed
# during intake and restarted after FP_CHAOS_BROKER_DOWN_SECONDS ("broker"). Needs PostgreSQL and
# RabbitMQ as for the tests (bash tests/run-all.sh once sets them up; FP_TEST_* variables as there).
# docs/operations.md describes it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

profile=${1:-all}
case "$profile" in
  embedded) filter='FullyQualifiedName~CrashTests.Embedded' ;;
  production) filter='FullyQualifiedName~CrashTests.Production' ;;
  broker) filter='FullyQualifiedName~CrashTests.Broker' ;;
  all) filter='Category=Crash' ;;
  *) echo "usage: $0 [embedded|production|broker|all]" >&2; exit 2 ;;
esac

# Scale: at least a minute of load and several kills (override any of them).
export FP_CHAOS_LOAD_SECONDS=${FP_CHAOS_LOAD_SECONDS:-60}
export FP_CHAOS_KILLS=${FP_CHAOS_KILLS:-3}
export FP_CHAOS_CLIENTS=${FP_CHAOS_CLIENTS:-8}
export FP_CHAOS_CLIENT_PAUSE_MS=${FP_CHAOS_CLIENT_PAUSE_MS:-500}
export FP_CHAOS_BROKER_DOWN_SECONDS=${FP_CHAOS_BROKER_DOWN_SECONDS:-30}
export FP_CHAOS_DRAIN_LIMIT_SECONDS=${FP_CHAOS_DRAIN_LIMIT_SECONDS:-300}
export FP_CHAOS_MAX_SUBMISSIONS=${FP_CHAOS_MAX_SUBMISSIONS:-1000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

artifacts=tests/artifacts/chaos
mkdir -p "$artifacts"
export FP_CHAOS_RESULTS="$PWD/$artifacts/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
: > "$FP_CHAOS_RESULTS"

if [ -z "${CHAOS_NO_BUILD:-}" ]; then
  dotnet build tests/FeedbackPortal.IntegrationTests -c Release -warnaserror -v quiet -nologo
fi

echo "chaos: $profile, load ${FP_CHAOS_LOAD_SECONDS}s x ${FP_CHAOS_CLIENTS} clients, ${FP_CHAOS_KILLS} kills, broker down ${FP_CHAOS_BROKER_DOWN_SECONDS}s (log: $artifacts/test.log)"
set +e
dotnet test tests/FeedbackPortal.IntegrationTests -c Release --no-build --filter "$filter" \
  --logger "console;verbosity=normal" > "$artifacts/test.log" 2>&1
rc=$?
set -e
cat "$FP_CHAOS_RESULTS"
grep -E '^\s*(Passed|Failed)!? ' "$artifacts/test.log" | tail -1 || true
[ $rc -eq 0 ] || echo "chaos: a scenario failed its guarantee; see $artifacts/test.log" >&2
exit $rc
