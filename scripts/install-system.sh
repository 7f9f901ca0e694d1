#!/usr/bin/env bash
# Debian tools the pipeline uses when present (idempotent): jing, the reference RELAX NG validator (about 0.5 s
# for tei_all where lxml needs about 6 s to compile it), and a Java runtime for it; javac (a headless JDK), with which
# the pipeline compiles pipeline/java/JingBatch.java on first use (both schemas in one JVM). Without them the
# pipeline falls back (jing's own command line, or lxml) and still works, only slower.
set -euo pipefail
if command -v jing >/dev/null 2>&1 && command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends jing default-jdk-headless
