#!/usr/bin/env bash
# WellFlow edge: render, check and run nginx in front of PostgREST.
#
#   scripts/nginx.sh render   render nginx/nginx.conf.template to $WELLFLOW_NGINX_PREFIX/nginx.conf,
#                             create the runtime dirs, copy our Swagger initializer, the dashboard
#                             and its Chart.js, nginx -t it
#   scripts/nginx.sh check    validate the template with the current environment (nginx -t on a
#                             scratch render); leaves nginx.conf as it is
#   scripts/nginx.sh run      render, then exec nginx in the FOREGROUND (-g 'daemon off;'), so a
#                             supervisor owns the process: stop it with SIGTERM/SIGQUIT to its pid
#
# Settings come from scripts/env.sh, where every default is declared: WELLFLOW_NGINX_PREFIX
# (pid, logs, temp paths, nginx.conf), WELLFLOW_HTTP_ADDRESS and WELLFLOW_HTTP_PORT,
# POSTGREST_UPSTREAM (host:port, [v6]:port or unix:/path), SWAGGER_UI_DIR, CHARTJS_FILE (Chart.js's
# chart.umd.js, served as /dashboard/vendor/chart.umd.js only when its sha256 is CHARTJS_SHA256),
# the rate limits (WELLFLOW_RATE, WELLFLOW_BURST, WELLFLOW_ANON_RATE, WELLFLOW_ADDRESS_RATE,
# WELLFLOW_IMPORT_RATE, WELLFLOW_LOGIN_RATE); WELLFLOW_NGINX_BIN (nginx from PATH, else /usr/sbin/nginx).
#
# daemon off is NOT in the config: only `run` passes it, with -g. When started
# as root the script also passes -g 'user root;' so the worker can read the
# repo and swagger-ui-dist wherever they live (without it workers run as nobody).
# Startup errors (before the config is read) go to stderr (-e stderr), so
# nothing is written to /var/log/nginx; after that, errors go to
# $WELLFLOW_NGINX_PREFIX/error.log and requests (JSON lines) to access.log.
set -Eeuo pipefail

# nginx needs no secret and no database URL: the defaults only.
WELLFLOW_WITHOUT_SECRETS=1 source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
REPO_ROOT=$WELLFLOW_ROOT
TEMPLATE=$REPO_ROOT/nginx/nginx.conf.template
INITIALIZER=$REPO_ROOT/nginx/swagger-initializer.js
# The version the bootstrap pins; used only for messages and a mismatch warning here.
SWAGGER_UI_PIN=${SWAGGER_UI_NPM_PACKAGE#swagger-ui-dist@}

die() { echo "nginx.sh: error: $*" >&2; exit 1; }
say() { echo "nginx.sh: $*" >&2; }
trap 'die "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

WELLFLOW_STATE=$(abspath "$WELLFLOW_STATE")
WELLFLOW_NGINX_PREFIX=$(abspath "$WELLFLOW_NGINX_PREFIX")
SWAGGER_UI_DIR=$(abspath "$SWAGGER_UI_DIR")
CHARTJS_FILE=$(abspath "$CHARTJS_FILE")
export WELLFLOW_STATE WELLFLOW_NGINX_PREFIX WELLFLOW_HTTP_ADDRESS WELLFLOW_HTTP_PORT POSTGREST_UPSTREAM \
       SWAGGER_UI_DIR WELLFLOW_RATE WELLFLOW_BURST WELLFLOW_ANON_RATE WELLFLOW_ADDRESS_RATE WELLFLOW_IMPORT_RATE \
       WELLFLOW_LOGIN_RATE
# Exactly these, and nothing else, are substituted: nginx's $vars must survive.
# shellcheck disable=SC2016  # literal ${NAME}s: this is envsubst's SHELL-FORMAT
SUBST_VARS='${WELLFLOW_HTTP_ADDRESS} ${WELLFLOW_HTTP_PORT} ${POSTGREST_UPSTREAM} ${WELLFLOW_NGINX_PREFIX} ${SWAGGER_UI_DIR} ${WELLFLOW_RATE} ${WELLFLOW_BURST} ${WELLFLOW_ANON_RATE} ${WELLFLOW_ADDRESS_RATE} ${WELLFLOW_IMPORT_RATE} ${WELLFLOW_LOGIN_RATE}'

CONF=$WELLFLOW_NGINX_PREFIX/nginx.conf

find_nginx() {
  if [[ -n ${WELLFLOW_NGINX_BIN:-} ]]; then NGINX=$WELLFLOW_NGINX_BIN
  elif NGINX=$(command -v nginx); then :
  else NGINX=/usr/sbin/nginx; fi
  [[ -x $NGINX ]] || die "nginx not found (install the Debian package nginx, or set WELLFLOW_NGINX_BIN)"
  command -v envsubst >/dev/null || die "envsubst not found (Debian package gettext-base)"
}

# A path is pasted into the config unquoted: refuse anything that would break it.
safe_path() {
  local name=$1 value=$2
  [[ $value =~ ^/[^[:space:]\;\{\}\$\"\'\#\\]*$ ]] \
    || die "$name must be an absolute path without spaces, quotes or ;{}\$#\\ (got '$value')"
}

validate() {
  if ! [[ $WELLFLOW_HTTP_PORT =~ ^[1-9][0-9]{0,4}$ ]] || (( WELLFLOW_HTTP_PORT > 65535 )); then
    die "WELLFLOW_HTTP_PORT must be a port number (got '$WELLFLOW_HTTP_PORT')"
  fi
  local rate
  for rate in WELLFLOW_RATE WELLFLOW_ANON_RATE WELLFLOW_ADDRESS_RATE WELLFLOW_IMPORT_RATE WELLFLOW_LOGIN_RATE; do
    [[ ${!rate} =~ ^[1-9][0-9]{0,5}$ ]] || die "$rate must be an integer >= 1 (got '${!rate}')"
  done
  # nginx rejects burst=0 ("invalid burst value").
  [[ $WELLFLOW_BURST =~ ^[1-9][0-9]{0,5}$ ]] \
    || die "WELLFLOW_BURST must be an integer >= 1 (got '$WELLFLOW_BURST')"
  [[ $POSTGREST_UPSTREAM =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ \
     || $POSTGREST_UPSTREAM =~ ^\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}$ \
     || $POSTGREST_UPSTREAM =~ ^unix:/[A-Za-z0-9._/@+-]+$ ]] \
    || die "POSTGREST_UPSTREAM must be host:port, [ipv6]:port or unix:/path (got '$POSTGREST_UPSTREAM')"
  safe_path WELLFLOW_NGINX_PREFIX "$WELLFLOW_NGINX_PREFIX"
  safe_path SWAGGER_UI_DIR "$SWAGGER_UI_DIR"
  [[ -f $TEMPLATE ]] || die "missing $TEMPLATE"
  [[ -f $INITIALIZER ]] || die "missing $INITIALIZER"
  if [[ ! -f $SWAGGER_UI_DIR/index.html || ! -f $SWAGGER_UI_DIR/swagger-ui-bundle.js ]]; then
    die "swagger-ui-dist not found in $SWAGGER_UI_DIR: run the bootstrap" \
        "(it installs swagger-ui-dist@$SWAGGER_UI_PIN into $WELLFLOW_STATE/npm), or set SWAGGER_UI_DIR"
  fi
  local have
  have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SWAGGER_UI_DIR/package.json" 2>/dev/null | head -n1 || true)
  [[ $have == "$SWAGGER_UI_PIN" ]] \
    || say "warning: swagger-ui-dist in $SWAGGER_UI_DIR is '${have:-unknown}', expected $SWAGGER_UI_PIN"
  [[ -f $CHARTJS_FILE ]] \
    || die "Chart.js not found at $CHARTJS_FILE: run the bootstrap" \
           "(it installs $CHARTJS_NPM_PACKAGE into $WELLFLOW_STATE/npm), or set CHARTJS_FILE"
  # The dashboard runs it with the signed-in user's token in reach: only the pinned file is served.
  have=$(sha256sum "$CHARTJS_FILE" | cut -d' ' -f1)
  [[ $have == "$CHARTJS_SHA256" ]] \
    || die "Chart.js at $CHARTJS_FILE has sha256 $have, expected $CHARTJS_SHA256 ($CHARTJS_NPM_PACKAGE):" \
           "remove it and run the bootstrap"
}

# nginx creates the last component of each *_temp_path itself, but not its
# parents, and `nginx -t` already opens the logs and creates the temp dirs:
# the prefix tree has to exist before any nginx command.
make_dirs() {
  mkdir -p "$WELLFLOW_NGINX_PREFIX"/{tmp,static} \
           "$WELLFLOW_NGINX_PREFIX"/tmp/{client_body,proxy,fastcgi,uwsgi,scgi}
}

# -g directives shared by every nginx invocation of this script.
base_globals() {
  GLOBALS=""
  if [[ $EUID -eq 0 ]]; then GLOBALS="user root;"; fi
}

render_to() {
  local out=$1 tmp
  tmp=$(mktemp "$WELLFLOW_NGINX_PREFIX/.nginx.conf.XXXXXX")
  envsubst "$SUBST_VARS" <"$TEMPLATE" >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$out"
}

nginx_test() {
  local conf=$1 out
  base_globals
  if ! out=$("$NGINX" -t -q -e stderr -p "$WELLFLOW_NGINX_PREFIX/" -c "$conf" ${GLOBALS:+-g "$GLOBALS"} 2>&1); then
    echo "$out" >&2
    die "nginx -t failed for $conf"
  fi
}

cmd_render() {
  find_nginx; validate; make_dirs
  install -m 0644 "$INITIALIZER" "$WELLFLOW_NGINX_PREFIX/static/swagger-initializer.js"
  install -d "$WELLFLOW_NGINX_PREFIX/static/dashboard"
  install -m 0644 "$REPO_ROOT"/nginx/dashboard/* "$WELLFLOW_NGINX_PREFIX/static/dashboard/"
  install -D -m 0644 "$CHARTJS_FILE" "$WELLFLOW_NGINX_PREFIX/static/dashboard/vendor/chart.umd.js"
  render_to "$CONF"
  nginx_test "$CONF"
  say "rendered $CONF ($WELLFLOW_HTTP_ADDRESS:$WELLFLOW_HTTP_PORT -> $POSTGREST_UPSTREAM, ${WELLFLOW_RATE}r/s burst $WELLFLOW_BURST)"
}

cmd_check() {
  find_nginx; validate; make_dirs
  local scratch
  scratch=$(mktemp "$WELLFLOW_NGINX_PREFIX/.check.XXXXXX")
  envsubst "$SUBST_VARS" <"$TEMPLATE" >"$scratch"
  if ! ( nginx_test "$scratch" ); then
    rm -f "$scratch"
    die "the scratch render above is nginx/nginx.conf.template with the current environment (line numbers match the template)"
  fi
  rm -f "$scratch"
  say "config ok ($WELLFLOW_HTTP_ADDRESS:$WELLFLOW_HTTP_PORT -> $POSTGREST_UPSTREAM)"
}

cmd_run() {
  cmd_render
  base_globals
  say "starting nginx in the foreground on $WELLFLOW_HTTP_ADDRESS:$WELLFLOW_HTTP_PORT (logs in $WELLFLOW_NGINX_PREFIX)"
  trap - ERR
  exec "$NGINX" -e stderr -p "$WELLFLOW_NGINX_PREFIX/" -c "$CONF" -g "daemon off; $GLOBALS"
}

case ${1:-} in
  render) cmd_render ;;
  check)  cmd_check ;;
  run)    cmd_run ;;
  *) echo "usage: $0 render|check|run" >&2; exit 2 ;;
esac
