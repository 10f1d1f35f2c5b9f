#!/usr/bin/env bash
# Services under load (issue 16): autocannon (npm) drives `hotline load` and test/integration/load;
# it goes into $HOTLINE_CACHE/autocannon, not the project's package.json (Hotline finds it there, or
# through HOTLINE_AUTOCANNON). Flask and waitress (PyPI) run the Python service in examples/services
# (Flask's own development server closes every connection, which load generators handle badly). Idempotent.
set -euo pipefail
AUTOCANNON=9.0.0 FLASK=3.1.3 WAITRESS=3.0.2
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}/autocannon"
marker="$cache/.installed-$AUTOCANNON"

if [ ! -f "$marker" ] || [ ! -f "$cache/node_modules/autocannon/autocannon.js" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "autocannon@$AUTOCANNON"
  touch "$marker"
fi
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("flask"), m.version("waitress"))' 2>/dev/null)" != "$FLASK $WAITRESS" ]; then
  python3 -m pip install --quiet "flask==$FLASK" "waitress==$WAITRESS"
fi
echo "hotline setup: load ready: autocannon $(node -p "require('$cache/node_modules/autocannon/package.json').version"), flask $FLASK, waitress $WAITRESS"
