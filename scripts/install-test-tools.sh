#!/usr/bin/env bash
# Install the tools the HTML edition's checks need (idempotent; CI calls it):
#   Debian: chromium, chromium-driver (headless browser + W3C WebDriver), a Java runtime for the Nu HTML Checker;
#   npm:    vnu-jar (Nu HTML Checker) and axe-core, pinned in package-lock.json.
# Nothing here downloads a browser or a JDK of its own: the browser comes from Debian, vnu.jar and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# vnu-jar's postinstall script would try to fetch a Java runtime: --ignore-scripts keeps it offline (Java is Debian's).
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
echo "test tools ready: $(chromium --version 2>/dev/null | head -1); vnu $(java -jar node_modules/vnu-jar/build/dist/vnu.jar --version); axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
