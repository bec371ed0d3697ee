#!/usr/bin/env bash
# Builds ovntrace.jar: the ovntrace command with every dependency and template in one file, for machines without
# Maven Central or JBang (air-gapped bastions). Run it where ./jbang works; copy the jar; there run
#   java -jar ovntrace.jar -src client -dst server -tcp -dst-port 8080
#
#   tools/build-jar.sh [OUT.jar]      # default ./ovntrace.jar
set -euo pipefail
out=$(realpath -m "${1:-ovntrace.jar}")
cd "$(dirname "$0")/.."
./jbang build ovntrace.java >&2
java tools/fatjar.java "$out" ovntrace "$(./jbang info classpath ovntrace.java)"
