#!/usr/bin/env bash
# The browser the page's tests drive (test/web): Debian's Chromium, never one downloaded by a test library.
# Does nothing when it is installed; else installs it with apt-get (as root, or through sudo).
set -euo pipefail
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium fonts-liberation
