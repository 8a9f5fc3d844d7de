#!/usr/bin/env bash
# PostgreSQL 17 + TimescaleDB + pgTAP from Debian trixie, run from a minbase
# chroot so a bookworm host (whose own PostgreSQL is 15) can test against 17.
#
#   scripts/pg17-chroot.sh build|start|stop|status|psql [psql args]
#
# The host reaches the cluster over TCP only: psql -h 127.0.0.1 -p 5433 -U postgres
# Settings (declared with their defaults in scripts/env.sh): WELLFLOW_PG17_CHROOT,
# WELLFLOW_PG17_PORT, WELLFLOW_DEBIAN_MIRROR.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ROOT=$WELLFLOW_PG17_CHROOT
PORT=$WELLFLOW_PG17_PORT
MIRROR=$WELLFLOW_DEBIAN_MIRROR
PACKAGES=(postgresql-17 postgresql-17-timescaledb postgresql-17-pgtap postgresql-17-plpgsql-check
          postgresql-17-postgis-3)
BIN=/usr/lib/postgresql/17/bin          # paths below are inside the chroot
PGDATA=/var/lib/wellflow-pg17
PGLOG=/var/log/postgresql/wellflow-pg17.log
BUILD_LOG=$ROOT.build.log
CHROOT=$(command -v chroot || echo /usr/sbin/chroot)   # env -i below drops the host PATH

die() { echo "pg17-chroot: error: $*" >&2; exit 1; }
say() { echo "pg17-chroot: $*"; }
trap 'die "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR

need_root() { [[ $EUID -eq 0 ]] || die "must run as root (chroot needs it)"; }

# Clean environment: host locale/PATH settings must not leak into trixie.
run_in() { local dir=$1; shift; env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$CHROOT" "$dir" "$@"; }

# Numeric ids from the chroot's passwd: the host has its own, different postgres user.
# 9>&-: a server started from here must not inherit, and so hold forever, our lock.
as_postgres() {
  local ids; ids=$(awk -F: '$1=="postgres"{print $3":"$4}' "$ROOT/etc/passwd")
  [[ -n $ids ]] || die "no postgres user in $ROOT/etc/passwd; remove $ROOT and rebuild"
  env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/var/lib/postgresql \
    "$CHROOT" --userspec="$ids" --groups="${ids#*:}" "$ROOT" "$@" 9>&-
}

# Leftover mounts (e.g. from a killed debootstrap) must go before any rm -rf.
unmount_under() {
  local m
  awk -v d="$1" '$5==d || index($5, d "/")==1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || die "cannot unmount $m"; done
}

wipe() { [[ -e $1 ]] || return 0; unmount_under "$1"; rm -rf --one-file-system "$1"; }

is_built() { [[ -x $ROOT$BIN/postgres && -x $ROOT$BIN/pg_ctl ]]; }

is_running() { is_built && as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

lock() {
  mkdir -p "$(dirname "$ROOT")"; exec 9>"$ROOT.lock"
  flock -w 600 9 || die "another pg17-chroot.sh has held $ROOT.lock for 10 minutes"
}

build() {
  if is_built; then add_missing_packages; say "chroot already built at $ROOT"; return 0; fi
  [[ ! -e $ROOT ]] || die "$ROOT exists but holds no PostgreSQL 17; remove it and run build again"
  need_root
  command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
  # Everything happens in $tmp and is renamed into place only once complete,
  # so an interrupted build is thrown away and redone, never half-used.
  local tmp=$ROOT.partial start=$SECONDS
  wipe "$tmp"
  : >"$BUILD_LOG"
  say "debootstrap trixie into $tmp (log: $BUILD_LOG)"
  debootstrap --variant=minbase trixie "$tmp" "$MIRROR" >>"$BUILD_LOG" 2>&1 ||
    { tail -n 15 "$BUILD_LOG" >&2; die "debootstrap failed (download from $MIRROR?); see $BUILD_LOG"; }

  # No init system in the chroot: package scripts must not try to start services,
  # and postgresql-17 must not create its own "main" cluster.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  mkdir -p "$tmp/etc/postgresql-common"
  echo "create_main_cluster = false" >"$tmp/etc/postgresql-common/createcluster.conf"

  say "installing ${PACKAGES[*]}"
  { run_in "$tmp" apt-get update &&
    run_in "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}" &&
    run_in "$tmp" apt-get clean; } >>"$BUILD_LOG" 2>&1 ||
    { tail -n 15 "$BUILD_LOG" >&2; die "package install in chroot failed (download from $MIRROR?); see $BUILD_LOG"; }
  [[ -x $tmp$BIN/postgres ]] || die "install finished but $BIN/postgres is missing; see $BUILD_LOG"

  unmount_under "$tmp"
  mv "$tmp" "$ROOT"
  say "built $ROOT in $((SECONDS - start))s"
}

# A chroot built before a package joined PACKAGES gets it added in place.
add_missing_packages() {
  local package missing=()
  for package in "${PACKAGES[@]}"; do
    run_in "$ROOT" dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  need_root
  say "adding ${missing[*]}"
  { run_in "$ROOT" apt-get update &&
    run_in "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" &&
    run_in "$ROOT" apt-get clean; } >>"$BUILD_LOG" 2>&1 ||
    { tail -n 15 "$BUILD_LOG" >&2; die "package install in chroot failed (download from $MIRROR?); see $BUILD_LOG"; }
}

init_cluster() {
  [[ -f $ROOT$PGDATA/PG_VERSION ]] && return 0
  # initdb into a side directory, renamed when done, for the same reason as build.
  local new=$PGDATA.new ids
  ids=$(awk -F: '$1=="postgres"{print $3":"$4}' "$ROOT/etc/passwd")
  rm -rf "${ROOT:?}$new"
  install -d -m 700 -o "${ids%:*}" -g "${ids#*:}" "$ROOT$new"
  say "initdb $PGDATA (inside chroot)"
  local out
  out=$(as_postgres "$BIN/initdb" -D "$new" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 2>&1) ||
    { echo "$out" >&2; die "initdb failed"; }
  echo "include 'wellflow.conf'" >>"$ROOT$new/postgresql.conf"
  mv "$ROOT$new" "$ROOT$PGDATA"
}

start() {
  need_root
  lock
  build
  if is_running; then say "already running on 127.0.0.1:$PORT"; return 0; fi
  init_cluster
  # Rewritten on every start so a changed WELLFLOW_PG17_PORT takes effect.
  # mmap: the chroot's /dev/shm is a plain directory, not a tmpfs; fsync off: test cluster.
  cat >"$ROOT$PGDATA/wellflow.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '/tmp'
# plpgsql_check keeps PL/pgSQL statement profiles in shared memory, so the suite can read the
# coverage of every session (PostgREST's, the worker's, its own); databases opt in with
# plpgsql_check.profiler = on.
shared_preload_libraries = 'timescaledb,plpgsql,plpgsql_check'
plpgsql_check.profiler_max_shared_chunks = 100000
timescaledb.telemetry_level = off
dynamic_shared_memory_type = mmap
fsync = off
hba_file = '$PGDATA/wellflow_hba.conf'
EOF
  # Analyst logins sign in with their password, as they would in production; the rest is a test
  # cluster on loopback.
  cat >"$ROOT$PGDATA/wellflow_hba.conf" <<EOF
local all all trust
host all +wellflow_analyst 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
EOF
  local ids; ids=$(awk -F: '$1=="postgres"{print $3":"$4}' "$ROOT/etc/passwd")
  install -d -o "${ids%:*}" -g "${ids#*:}" "$ROOT$(dirname "$PGLOG")"
  as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null ||
    { tail -n 20 "$ROOT$PGLOG" >&2; die "pg_ctl start failed (port $PORT in use?); log: $ROOT$PGLOG"; }
  for _ in $(seq 30); do
    run_in "$ROOT" "$BIN/pg_isready" -q -U postgres -h 127.0.0.1 -p "$PORT" && { say "running on 127.0.0.1:$PORT (log: $ROOT$PGLOG)"; return 0; }
    sleep 1
  done
  die "server started but 127.0.0.1:$PORT does not accept connections; log: $ROOT$PGLOG"
}

stop() {
  need_root
  lock
  if is_running; then
    as_postgres "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || die "pg_ctl stop failed; log: $ROOT$PGLOG"
    say "stopped"
  else
    say "not running"
  fi
  unmount_under "$ROOT"
}

status() {
  need_root
  if is_built; then say "chroot: built at $ROOT"; else say "chroot: not built ($ROOT)"; fi
  if is_running; then say "cluster: running on 127.0.0.1:$PORT"; return 0; fi
  say "cluster: not running"
  return 3
}

case ${1:-} in
  build) need_root; lock; build ;;
  start) start ;;
  stop) stop ;;
  status) status || exit $? ;;
  psql)
    shift
    command -v psql >/dev/null || die "host psql not found (apt-get install postgresql-client)"
    exec psql -h 127.0.0.1 -p "$PORT" -U postgres "$@" ;;
  *) echo "usage: $0 build|start|stop|status|psql [psql args]" >&2; exit 2 ;;
esac
