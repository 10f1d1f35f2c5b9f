#!/usr/bin/env bash
# Distributed tracing (issue 16): the Zipkin server exec jar from Maven Central and OpenTelemetry's
# Node auto-instrumentation with the Zipkin exporter, both into $HOTLINE_CACHE (not the repo's
# package.json). The latest OpenTelemetry JS (sdk-node 0.300+) needs Node 22.15; these pins are the
# last releases for Node 20. Idempotent: each part has a marker and a second run is a no-op.
set -euo pipefail
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}"

ZIPKIN=3.5.1
zipkin_dir="$cache/zipkin"
zipkin_jar="$zipkin_dir/zipkin-server-$ZIPKIN-exec.jar"
if [ ! -s "$zipkin_jar" ]; then
  command -v java >/dev/null 2>&1 || apt_install java openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || apt_install mvn maven
  mvn -q dependency:get -Dartifact="io.zipkin:zipkin-server:$ZIPKIN:jar:exec" -Dtransitive=false
  m2="${MAVEN_REPO:-$HOME/.m2/repository}"
  mkdir -p "$zipkin_dir"
  cp "$m2/io/zipkin/zipkin-server/$ZIPKIN/zipkin-server-$ZIPKIN-exec.jar" "$zipkin_jar.part"
  mv "$zipkin_jar.part" "$zipkin_jar"
fi

AUTO=0.81.2 SDK=0.223.0 EXPORTER=2.12.0 API=1.9.0
otel="$cache/otel-node"
marker="$otel/.installed-$AUTO-$SDK-$EXPORTER"
if [ ! -f "$marker" ]; then
  mkdir -p "$otel"
  [ -f "$otel/package.json" ] || echo '{"private":true}' > "$otel/package.json"
  npm install --prefix "$otel" --save-exact --no-audit --no-fund --loglevel=error \
    "@opentelemetry/auto-instrumentations-node@$AUTO" "@opentelemetry/exporter-zipkin@$EXPORTER" \
    "@opentelemetry/sdk-node@$SDK" "@opentelemetry/api@$API"
  touch "$marker"
fi
echo "hotline setup: tracing ready: $zipkin_jar, OpenTelemetry Node $AUTO (sdk-node $SDK, exporter-zipkin $EXPORTER) in $otel"
