# Installs what building and testing the portal need, once: each step checks before it acts,
# so a second run costs seconds. Sourced by scripts/serve, scripts/test and scripts/bench.
# Everything comes from rustup, crates.io, npm and Debian: nothing is downloaded from elsewhere.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/votre-sante/target}"
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.11
# Must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "install ${missing[*]} (Debian packages) first"
  step "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_rust() {
  command -v rustup >/dev/null || die "rustup is required (https://rustup.rs is reached through your usual channel)"
  rustup target list --installed | grep -qx wasm32-unknown-unknown || { step "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
  for component in rustfmt clippy; do
    rustup component list --installed | grep -q "^$component" || { step "rustup component add $component"; rustup component add "$component"; }
  done
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    # Its lockfile wants a newer rustc than stable for one build-only crate; the tool runs fine.
    step "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    # Not --locked: its lockfile names a crate version the registry does not serve.
    step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

# wasm-opt for release builds: Binaryen from npm, ahead of any other wasm-opt in PATH
# (Debian's is too old and produces a module Chromium refuses).
setup_wasm_opt() {
  command -v npm >/dev/null || die "node and npm are required"
  [ -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] || { step "npm ci (tools: binaryen)"; npm ci --prefix "$ROOT/tools" --no-audit --no-fund >/dev/null; }
  export PATH="$ROOT/tools/node_modules/.bin:$PATH"
}

setup_browser_tests() {
  command -v npm >/dev/null || die "node and npm are required"
  [ -x /usr/bin/chromium ] || apt_install chromium
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "npm ci (end2end: Playwright, axe-core; no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$ROOT/end2end" --no-audit --no-fund >/dev/null
  fi
}

# PostgreSQL for the integration suite: start the local cluster if it is down, or stop with a
# clear message. PORTAL_TEST_POSTGRES_URL points the tests at another server.
ensure_postgres() {
  export PORTAL_TEST_POSTGRES_URL="${PORTAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  local host port
  host="$(echo "$PORTAL_TEST_POSTGRES_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/]+).*#\2#')"
  port="$(echo "$PORTAL_TEST_POSTGRES_URL" | sed -nE 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p')"
  port="${port:-5432}"
  pg_up() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }
  pg_up && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    step "starting PostgreSQL"
    for version in /etc/postgresql/*; do
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
    done
    for _ in $(seq 1 30); do pg_up && return 0; sleep 1; done
  fi
  die "PostgreSQL is not reachable at $host:$port and could not be started here; the integration suite runs on PostgreSQL as well as SQLite, so it cannot run. Start PostgreSQL or set PORTAL_TEST_POSTGRES_URL."
}

# Schemathesis (PyPI) in its own virtual environment outside the clone, for the service API's
# conformance check against its OpenAPI document.
setup_schemathesis() {
  pip_tools schemathesis "$ROOT/tools/api-check/requirements.txt" st
}

# Installs a pinned set of PyPI tools in its own virtual environment outside the clone, again
# only when the pins change (a fresh clone's files are all new), and puts it in PATH.
pip_tools() {
  local name="$1" requirements="$2" program="$3"
  local venv="$HOME/.cache/votre-sante/$name"
  command -v python3 >/dev/null || die "python3 is required"
  if [ ! -x "$venv/bin/$program" ] || ! cmp -s "$requirements" "$venv/requirements.installed"; then
    step "pip install $name ($(realpath --relative-to="$ROOT" "$requirements"))"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.installed"
  fi
  export PATH="$venv/bin:$PATH"
}

# The verifiers of signed PDFs that are not our code, for the integration tests: poppler's
# pdfsig, qpdf and NSS's certutil (Debian), pyHanko (PyPI, in its own virtual environment).
setup_pdf_verifiers() {
  apt_install poppler-utils qpdf libnss3-tools openssl
  pip_tools pyhanko "$ROOT/tools/pdf-check/requirements.txt" pyhanko
}
