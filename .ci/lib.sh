# Helpers shared by .ci/run and .ci/dev (sourced, not run). Bash only.

mesa_log() { printf '\033[1m[mesa]\033[0m %s\n' "$*" >&2; }
mesa_die() { printf '\033[1;31m[mesa] %s\033[0m\n' "$*" >&2; exit 1; }

mesa_is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when root, else through sudo.
mesa_as_root() {
  if mesa_is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else mesa_die "needs root for: $* (install sudo or run as root)"
  fi
}

# Runs a command as the postgres OS user (PostgreSQL refuses to run as root).
mesa_as_postgres() {
  if mesa_is_root; then runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -u postgres "$@"
  else mesa_die "needs sudo to run as the postgres user: $*"
  fi
}

MESA_APT_UPDATED=
# Installs Debian packages non-interactively (apt-get update once per script).
mesa_apt_install() {
  if [ -z "$MESA_APT_UPDATED" ]; then
    mesa_log "apt-get update"
    mesa_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    MESA_APT_UPDATED=1
  fi
  mesa_log "apt-get install -y $*"
  mesa_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" </dev/null
}

# Prints the folder holding the newest PostgreSQL server binaries (initdb, pg_ctl); fails if none.
mesa_pg_bindir() {
  local d v
  if [ -d /usr/lib/postgresql ]; then
    for v in $(ls /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+(\.[0-9]+)?$' | sort -rn); do
      d=/usr/lib/postgresql/$v/bin
      if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  fi
  return 1
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
mesa_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the HTTP status of GET http://127.0.0.1:PORT/PATH (empty when nothing answers). No curl needed.
mesa_http_status() {
  local port=$1 path=$2 host=${3:-127.0.0.1:$1} line
  line=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
    timeout 5 head -n 1 <&3
  ) || true
  printf '%s' "$line" | awk '{print $2}'
}
