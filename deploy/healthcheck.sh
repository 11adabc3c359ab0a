#!/bin/bash
# Tiny HTTP health probe for the runtime images.
#
# The aspnet:10.0 runtime image has no curl or wget. Rather than install a
# package (and its CVE surface) only for HEALTHCHECK, this uses bash's
# built-in /dev/tcp to send one HTTP/1.1 GET to the container's own port and
# succeeds only on a 2xx status line.
#
# Usage: healthcheck.sh [port] [path]     (defaults: 8080 /health/ready)
# Exit codes: 0 healthy, 1 unhealthy (what Docker's HEALTHCHECK expects).
set -u

port="${1:-8080}"
path="${2:-/health/ready}"

# Connection refused fails immediately on loopback; Docker's --timeout covers hangs.
{ exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: docker-healthcheck\r\nConnection: close\r\n\r\n' "${path}" >&3

status_line=""
IFS= read -r -t 5 status_line <&3 || exit 1
exec 3>&- 3<&-

case "${status_line}" in
  HTTP/1.[01]\ 2[0-9][0-9]*) exit 0 ;;
  *) exit 1 ;;
esac
