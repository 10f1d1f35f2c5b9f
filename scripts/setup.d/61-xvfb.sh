#!/usr/bin/env bash
# A virtual X display for the headed-Chromium tests (issue 15, "Record Page Interaction"): Debian's
# Xvfb. test/xvfb.mjs starts `Xvfb :N -screen 0 1280x800x24` on a free display number and stops it by
# PID; Hotline's recorder opens a visible Chromium whenever DISPLAY is set. Idempotent: apt_install is
# a no-op once the Xvfb command exists.
set -euo pipefail
if ! declare -F apt_install >/dev/null; then
  echo "61-xvfb.sh: run through scripts/setup.sh (it provides apt_install)" >&2; exit 1
fi
apt_install Xvfb xvfb xauth
echo "hotline setup: Xvfb ready: $(command -v Xvfb)"
