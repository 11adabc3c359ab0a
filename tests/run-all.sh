#!/usr/bin/env bash
# The project's one test command, and what CI runs (.ci/run calls it).
#   bash tests/run-all.sh [extra dotnet test args, e.g. --filter Category!=Browser]
# As root it installs and starts what the tests need (PostgreSQL, RabbitMQ,
# Chromium, aiosmtpd); it is idempotent, so a second run only re-checks them.
# See docs/testing.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
ARTIFACTS="$ROOT/tests/artifacts"
RESULTS="$ARTIFACTS/test-results"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Which of the FP_TEST_* variables the caller set: a preset one points at a
# service we must not provision locally.
preset_pg=${FP_TEST_POSTGRES:+1}
preset_mq=${FP_TEST_RABBITMQ:+1}
: "${FP_TEST_POSTGRES:=Host=127.0.0.1;Port=5432;Username=portal;Password=portal}"
: "${FP_TEST_RABBITMQ:=amqp://guest:guest@127.0.0.1:5672/}"
: "${FP_TEST_RABBITMQ_MANAGEMENT:=http://127.0.0.1:15672}"
: "${FP_TEST_CHROMIUM:=/usr/bin/chromium}"
: "${FP_TEST_PYTHON:=/usr/bin/python3}"
export FP_TEST_POSTGRES FP_TEST_RABBITMQ FP_TEST_RABBITMQ_MANAGEMENT FP_TEST_CHROMIUM FP_TEST_PYTHON

failures=()
step_start=0
step() { step_start=$SECONDS; printf '\n==> %s\n' "$*"; }
step_done() { printf '    done in %ss\n' "$((SECONDS - step_start))"; }
die() { printf 'run-all.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# as_user USER CMD...: cd / first so the tool doesn't complain about an unreadable cwd.
as_user() { local u=$1; shift; (cd / && runuser -u "$u" -- "$@"); }

# ---------------------------------------------------------------- packages --
step "Debian packages"
# docker-compose is only used for `docker-compose config`; yamllint for deploy/k8s.
wanted=(docker-compose yamllint)
[ -n "$preset_pg" ] || wanted+=(postgresql)
[ -n "$preset_mq" ] || wanted+=(rabbitmq-server)
[ "$FP_TEST_CHROMIUM" != /usr/bin/chromium ] || wanted+=(chromium)
[ "$FP_TEST_PYTHON" != /usr/bin/python3 ] || wanted+=(python3-aiosmtpd)
missing=()
for p in "${wanted[@]}"; do pkg_installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! is_root; then
    die "missing Debian packages: ${missing[*]}
  install them as root:  apt-get install -y --no-install-recommends ${missing[*]}
  or run this script as root, which installs and starts everything."
  fi
  echo "installing: ${missing[*]}"
  apt-get update -q </dev/null
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" </dev/null
else
  echo "all present: ${wanted[*]}"
fi
if [ "$FP_TEST_CHROMIUM" = /usr/bin/chromium ]; then
  "$FP_TEST_CHROMIUM" --version </dev/null || die "$FP_TEST_CHROMIUM --version failed"
fi
if [ "$FP_TEST_PYTHON" = /usr/bin/python3 ]; then
  # python3 on PATH may be a pyenv shim without aiosmtpd; the tests use FP_TEST_PYTHON.
  "$FP_TEST_PYTHON" -m aiosmtpd --help >/dev/null </dev/null || die "$FP_TEST_PYTHON -m aiosmtpd does not work"
fi
step_done

# -------------------------------------------------------------- PostgreSQL --
if [ -z "$preset_pg" ]; then
  step "PostgreSQL"
  if is_root; then
    # Pick the cluster on 5432 (the connection string's port), else the first one.
    read -r pg_ver pg_cluster pg_port pg_status _ < <(
      pg_lsclusters --no-header | awk '$3 == 5432 { print; found = 1; exit } NR == 1 { first = $0 } END { if (!found && first) print first }') || true
    if [ -z "${pg_ver:-}" ]; then
      # postgresql-common normally creates "main" on install; make one if it didn't.
      pg_ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      pg_createcluster "$pg_ver" main
      pg_cluster=main pg_port=5432 pg_status=down
    fi
    [ "$pg_port" = 5432 ] || echo "warning: cluster $pg_ver/$pg_cluster listens on $pg_port, not 5432" >&2
    if [ "$pg_status" != online ]; then
      # No systemd here: pg_ctlcluster starts the server directly.
      pg_ctlcluster "$pg_ver" "$pg_cluster" start </dev/null
    fi
    for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 1; done
    pg_isready -h 127.0.0.1 -p "$pg_port" || die "PostgreSQL did not become ready"
    # SUPERUSER because the tests create and drop their own databases (and extensions).
    as_user postgres psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
    CREATE ROLE portal LOGIN SUPERUSER CREATEDB PASSWORD 'portal';
  ELSE
    ALTER ROLE portal LOGIN SUPERUSER CREATEDB PASSWORD 'portal';
  END IF;
END
$$;
SQL
  fi
  # Checks the password path the tests use (Debian's pg_hba: scram for 127.0.0.1).
  PGPASSWORD=portal PGCONNECT_TIMEOUT=5 psql -X -q -At "host=127.0.0.1 port=5432 user=portal dbname=postgres" \
    -c 'select 1' >/dev/null </dev/null \
    || die "cannot log in to PostgreSQL as portal/portal on 127.0.0.1:5432 (run this script as root to set it up)"
  echo "portal@127.0.0.1:5432 ok"
  step_done
fi

# ---------------------------------------------------------------- RabbitMQ --
mq_api() { curl -fsS --max-time 5 -u guest:guest "$@"; }
if [ -z "$preset_mq" ]; then
  step "RabbitMQ"
  if is_root; then
    if rabbitmq-diagnostics -q ping >/dev/null 2>&1 </dev/null; then
      # Already running: enabling online is a no-op when the plugin is on.
      rabbitmq-plugins -q enable rabbitmq_management </dev/null
    else
      # Enable offline first so the node boots with the management API.
      rabbitmq-plugins -q --offline enable rabbitmq_management </dev/null
      # No systemd in CI/sandboxes; Debian's wrapper drops to the rabbitmq user.
      # Output goes to a file so the daemon holds no pipe of our caller open.
      mkdir -p "$ARTIFACTS"
      rabbitmq-server -detached </dev/null >"$ARTIFACTS/rabbitmq-start.log" 2>&1
    fi
    for _ in $(seq 90); do
      rabbitmq-diagnostics -q check_running >/dev/null 2>&1 </dev/null && break
      sleep 2
    done
    rabbitmq-diagnostics -q check_running </dev/null || die "RabbitMQ did not start (see /var/log/rabbitmq)"
    # Quorum queues need their feature flags on; a fresh node has them, an
    # upgraded one may not.
    rabbitmqctl -q enable_feature_flag all </dev/null
  fi
  for _ in $(seq 60); do
    tcp_open 127.0.0.1 5672 && mq_api "$FP_TEST_RABBITMQ_MANAGEMENT/api/overview" >/dev/null 2>&1 && break
    sleep 2
  done
  tcp_open 127.0.0.1 5672 || die "nothing listens on AMQP 127.0.0.1:5672 (run this script as root to set it up)"
  mq_api "$FP_TEST_RABBITMQ_MANAGEMENT/api/overview" >/dev/null \
    || die "RabbitMQ management API $FP_TEST_RABBITMQ_MANAGEMENT does not answer for guest/guest"
  # Declare and drop a quorum queue: proves the tests' queue type works here.
  probe="$FP_TEST_RABBITMQ_MANAGEMENT/api/queues/%2F/fp-run-all-quorum-probe"
  mq_api -X PUT -H 'content-type: application/json' \
    -d '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' "$probe" >/dev/null \
    || die "cannot declare a quorum queue"
  mq_api -X DELETE "$probe" >/dev/null
  echo "AMQP 5672, management API and quorum queues ok"
  step_done
fi

# ---------------------------------------------------------------- front end --
if [ -f web/package.json ]; then
  step "web: npm install and build"
  if (
    cd web
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
    npm run build
  ) </dev/null; then step_done; else failures+=("web build"); fi
fi

# ------------------------------------------------------------- validations --
if [ -f docker-compose.yml ]; then
  step "docker-compose config"
  if docker-compose -f docker-compose.yml config -q </dev/null; then step_done; else failures+=("docker-compose config"); fi
fi
if [ -d deploy/k8s ]; then
  step "yamllint deploy/k8s"
  yl_args=(-s)
  [ ! -f .yamllint ] || yl_args+=(-c .yamllint)
  if yamllint "${yl_args[@]}" deploy/k8s </dev/null; then step_done; else failures+=("yamllint deploy/k8s"); fi
fi

# ------------------------------------------------------------ build & test --
# Old trx files would be counted again below, even when this build fails.
rm -rf "$RESULTS"
step "dotnet build"
if dotnet build FeedbackPortal.sln -c Release -warnaserror </dev/null; then
  step_done
  step "dotnet test"
  # The broker-restart crash test is still flaky (docs/testing.md): on demand via deploy/chaos/run.sh broker.
  [ $# -gt 0 ] || set -- --filter 'Category!=BrokerChaos'
  if dotnet test FeedbackPortal.sln -c Release --no-build \
       --logger trx --results-directory "$RESULTS" "$@" </dev/null; then
    step_done
  else
    failures+=("dotnet test")
  fi
else
  failures+=("dotnet build")
fi

# ----------------------------------------------------------------- summary --
# Sum the trx results ourselves: one closing line for all test projects.
read -r passed failed skipped < <(
  "$FP_TEST_PYTHON" - "$RESULTS" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
p = f = s = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    # Top-level results only; Counters has no skipped count (xunit's skips are NotExecuted).
    for r in ET.parse(path).getroot().iterfind(f"{ns}Results/{ns}UnitTestResult"):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            p += 1
        elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
            f += 1
        else:
            s += 1
print(p, f, s)
PY
) || { passed=0 failed=0 skipped=0; failures+=("reading trx results"); }

[ "$failed" -eq 0 ] || failures+=("$failed failed test(s)")
[ $((passed + failed + skipped)) -gt 0 ] || failures+=("no test ran")
echo
[ ${#failures[@]} -eq 0 ] || printf 'FAILED: %s\n' "${failures[@]}"
echo "Total: $passed passed, $failed failed, $skipped skipped"
[ ${#failures[@]} -eq 0 ]
