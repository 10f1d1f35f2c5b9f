#!/usr/bin/env bash
# Python OpenTelemetry for `hotline load --trace` (issue 16): a venv in $HOTLINE_CACHE/otel-python with
# opentelemetry-instrument (distro + instrumentation), the Flask and urllib instrumentations and the
# Zipkin JSON exporter. The venv sees the base python3's packages (--system-site-packages), so a service
# whose Flask/waitress come from there (scripts/setup.d/70-load.sh) runs under it unchanged.
# Pins: the instrumentation packages release together as 0.NNbM; 0.66b1 is the newest release for which
# every one of them is served (instrumentation-flask has no 0.66b2), and it pairs with sdk/exporter 1.45.1
# on Python 3.11. Idempotent: a marker per pin set.
set -euo pipefail
INSTRUMENTATION=0.66b1 EXPORTER=1.45.1
venv="${HOTLINE_CACHE:-$HOME/.cache/hotline}/otel-python"
marker="$venv/.installed-$INSTRUMENTATION-$EXPORTER"
if [ ! -f "$marker" ] || [ ! -x "$venv/bin/opentelemetry-instrument" ]; then
  rm -rf "$venv"
  python3 -m venv --system-site-packages "$venv"
  "$venv/bin/python" -m pip install --quiet \
    "opentelemetry-distro==$INSTRUMENTATION" "opentelemetry-instrumentation==$INSTRUMENTATION" \
    "opentelemetry-instrumentation-flask==$INSTRUMENTATION" "opentelemetry-instrumentation-wsgi==$INSTRUMENTATION" \
    "opentelemetry-instrumentation-urllib==$INSTRUMENTATION" "opentelemetry-exporter-zipkin-json==$EXPORTER"
  "$venv/bin/python" -m pip check >/dev/null
  touch "$marker"
fi
echo "hotline setup: Python OpenTelemetry ready: $venv/bin/opentelemetry-instrument (instrumentation $INSTRUMENTATION, exporter-zipkin-json $EXPORTER)"
