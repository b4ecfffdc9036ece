#!/usr/bin/env bash
# Installs what the tests need beyond Rust, each only when missing, so it is safe to run again:
# - Debian's Chromium, for the browser check of the HTML report (crates/repere-cli/tests/browser.rs)
#   and the web app's end-to-end test (crates/repere-web/tests/browser.rs, driven through the
#   DevTools protocol: nothing is downloaded, the system browser is used);
# - taplo, the TOML toolkit behind editors' schema support, for the check that files Repère
#   writes validate against the JSON Schema written beside them (tests/editor_schema.rs). It
#   comes from the npm registry as @taplo/cli: JavaScript and WebAssembly in the package
#   itself, no install script and no download from anywhere else.
set -euo pipefail
TAPLO_CLI="@taplo/cli@0.7.0"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
apt_updated=""
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get here; install $* by hand" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  apt_install chromium fonts-dejavu-core ||
    echo "install-test-deps: the browser check will be skipped outside CI" >&2
fi

if ! command -v taplo >/dev/null 2>&1; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm || true
  fi
  if command -v npm >/dev/null 2>&1; then
    $SUDO npm install --global --no-audit --no-fund --loglevel=error "$TAPLO_CLI" >/dev/null
  else
    echo "install-test-deps: no npm here; install $TAPLO_CLI by hand to run the editor schema check" >&2
  fi
fi
