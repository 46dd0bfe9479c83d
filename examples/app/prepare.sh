#!/usr/bin/env bash
# Copies Debian's static busybox (package busybox-static) into the build context: the Dockerfile
# COPYs it onto FROM scratch, where a dynamically linked binary would not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[ -x /bin/busybox ] || { echo "/bin/busybox not found: apt-get install busybox-static" >&2; exit 1; }
cp /bin/busybox busybox
