#!/usr/bin/env bash
# Benchmark (not a test): time to build the report of a full run and render it as Markdown, HTML and JSON once the
# traces have finished. Each line is a fresh JVM with the options the JBang scripts use. "cold": nothing loaded
# before; "prewarmed": ReportRenderer.warmUp() ran first, as ovntrace can do while the traces run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
for mode in cold prewarmed; do
  for run in 1 2 3; do
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dproject.basedir="$PWD" -cp "$CP" \
      ovntrace.report.RenderBenchmark "$mode" "${1:-30}"
  done
done
