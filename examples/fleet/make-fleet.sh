#!/usr/bin/env bash
# The example fleet: one packet per target (cache-1's from three weeks earlier, so it is
# stale), then one fleet packet from them, with the inventory naming a fourth host (queue-1)
# that sent nothing.
#   examples/fleet/make-fleet.sh [AUDITPACK] [OUTPUT]      (default: swift run auditpack, fleet-packet)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
auditpack=${1:-}
out=${2:-fleet-packet}
run() { if [ -n "$auditpack" ]; then "$auditpack" "$@"; else swift run -c debug auditpack "$@"; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run packet "$here/web-1" --target web-1 --date 2026-11-29 -o "$work/web-1" --zip >/dev/null
run packet "$here/db-1" --target db-1 --date 2026-11-29 -o "$work/db-1" --zip >/dev/null
run packet "$here/cache-1" --target cache-1 --date 2026-11-08 -o "$work/cache-1" --zip >/dev/null
# Exit 1 (failing items at or above high) is expected for this fleet: the packet is written.
run fleet "$work/web-1.zip" "$work/db-1.zip" "$work/cache-1.zip" --expect "$here/inventory.ini" --date 2026-11-29 -o "$out" || [ $? -eq 1 ]
