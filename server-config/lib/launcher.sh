# shellcheck shell=bash
# shellcheck disable=SC2034 # the tables below are used by the launchers that source this file
# launcher.sh: what the two launchers of Paramant share, once. Sourced (never run) by
# server-config/paramant (Payara Micro, one JVM per unit) and server-config/payara-server (Payara Server,
# one domain per sector), which find it beside themselves:
#   SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); REPO=...; source "$SCRIPT_DIR/lib/launcher.sh"
# The caller sets PROG (its name in messages), SCRIPT_DIR and REPO first.
# Here: messages, the .env reader, the sector table and the per-sector settings (port, blob capacity,
# private webhooks), the token check, the Java and Payara version lookup, and pid files and processes.
# What each launcher does with them (units vs. a domain) stays in the launcher.

# ---------------------------------------------------------------------------------------------------
# the sectors

# Sector relays and their default ports, the same for both launchers, so that an operator can move a
# sector from one deployment path to the other without changing URLs. Every sector runs the same relay.
SECTORS=(main health finance legal iot)
# The admin console's own port (its Payara Micro; its listener in the EAR on Payara Server).
ADMIN="admin"
declare -A DEFAULT_PORT=([main]=3000 [health]=3001 [finance]=3002 [legal]=3003 [iot]=3004 [admin]=4200)
# Per-account bounds that every sector relay gets as they are, when set (whole numbers; MicroProfile Config
# maps PARAMANT_QUOTA_FREE to paramant.quota.free, and so on; docs/operations.md, "Fairness between accounts").
RELAY_LIMITS=(PARAMANT_QUOTA_FREE PARAMANT_QUOTA_PRO PARAMANT_QUOTA_ENTERPRISE
  PARAMANT_UPLOAD_MIN_RATE_BYTES PARAMANT_UPLOAD_GRACE_SECONDS
  PARAMANT_STREAM_MAX_SOCKETS_FREE PARAMANT_STREAM_MAX_SOCKETS_PRO PARAMANT_STREAM_MAX_SOCKETS_ENTERPRISE
  # the audit chains' retention and anchoring (docs/operations.md, "Configuration")
  PARAMANT_AUDIT_RETENTION_DAYS PARAMANT_AUDIT_ANCHOR_SECONDS
  # and the witness settings, the same for every sector (each skips its own origin; docs/operations.md,
  # "Witnesses")
  PARAMANT_WITNESS_LOGS PARAMANT_WITNESS_SUBMIT_TO PARAMANT_WITNESS_SIBLINGS
  PARAMANT_WITNESS_POLL_MS PARAMANT_WITNESS_REFRESH_MS)

# ---------------------------------------------------------------------------------------------------
# messages

die() {
  echo "$PROG: $*" >&2
  exit 1
}
note() { echo "$PROG: $*" >&2; }

# true if one of the arguments asks for help (-h, --help)
asks_for_help() {
  local a
  for a in "$@"; do [[ $a == -h || $a == --help ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------------------------------------------
# configuration

# .env: KEY=VALUE lines (optional `export `, optional single or double quotes around the value, `#`
# comments, also after an unquoted value). It is parsed, never executed. A variable already in the
# environment keeps its value.
# PARAMANT_ENV_FILE names another file; set to empty, no file is read (the system tests do that).
# The file sets ADMIN_TOKEN and JAVA_HOME (the JDK that runs the relays), so, as ssh does with its
# keys, it is read only if it belongs to the user running the launcher and no one else may write it;
# one that others may read is read with a warning (it holds the admin token).
load_dotenv() {
  local file=${PARAMANT_ENV_FILE-$REPO/.env} line key value n=0 owner mode fd
  [[ -n $file && -f $file ]] || return 0
  # opened once: the file checked is the file read, whatever happens to the path meanwhile
  exec {fd}<"$file" || die "cannot open $file"
  read -r owner mode < <(stat -L -c '%u %a' "/dev/fd/$fd") || die "cannot read the owner and mode of $file"
  [[ $owner == "$(id -u)" ]] ||
    die "$file belongs to user $owner, not to $(id -un): it sets ADMIN_TOKEN and JAVA_HOME, so only your own is read (chown it, or point PARAMANT_ENV_FILE at yours)"
  ((8#$mode & 8#022)) &&
    die "$file may be written by group or others (mode $mode): it sets ADMIN_TOKEN and JAVA_HOME (chmod go-w $file)"
  ((8#$mode & 8#044)) && note "$file may be read by group or others (mode $mode) and holds ADMIN_TOKEN: chmod 600 $file"
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      key=${BASH_REMATCH[2]}
      value=${BASH_REMATCH[3]}
      if [[ $value =~ ^\"([^\"]*)\"[[:space:]]*(#.*)?$ || $value =~ ^\'([^\']*)\'[[:space:]]*(#.*)?$ ]]; then
        value=${BASH_REMATCH[1]}
      else
        value=${value%%[[:space:]]#*} # an unquoted value ends at " #"
        value=${value%"${value##*[![:space:]]}"}
      fi
      [[ -n ${!key+set} ]] || printf -v "$key" '%s' "$value"
    else
      die "$file line $n: expected KEY=VALUE"
    fi
  done <&"$fd"
  exec {fd}<&-
}

# Relative paths in the configuration are relative to the repository root, wherever a launcher is run from.
repo_path() { if [[ $1 == /* ]]; then echo "$1"; else echo "$REPO/$1"; fi; }

# PARAMANT_DATA as an absolute path to an existing directory (default <repo>/data).
data_dir() {
  local dir
  dir=$(repo_path "${PARAMANT_DATA:-data}")
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

# The value of variable NAME, or empty (works under set -u).
var() { printf '%s' "${!1:-}"; }

# check_port NAME VALUE: VALUE as a port number (leading zeros dropped), or die naming the variable.
check_port() {
  local name=$1 p=$2
  if ! [[ $p =~ ^[0-9]+$ ]] || ((10#$p < 1 || 10#$p > 65535)); then die "$name=$p is not a port number"; fi
  echo "$((10#$p))"
}

# The port of unit S: PARAMANT_PORT_<S>, else its default.
port_of() {
  local s=$1 name p
  name="PARAMANT_PORT_$(upper "$s")"
  p=$(var "$name")
  check_port "$name" "${p:-${DEFAULT_PORT[$s]}}"
}

# sector_setting S BASE DEFAULT: the sector's own BASE_<S> if set, else BASE, else DEFAULT, in SETTING_VALUE;
# the variable it came from in SETTING_NAME (for messages). Per-sector variables win on both launchers.
sector_setting() {
  SETTING_NAME="$2_$(upper "$1")"
  SETTING_VALUE=$(var "$SETTING_NAME")
  if [[ -z $SETTING_VALUE ]]; then
    SETTING_NAME=$2
    SETTING_VALUE=$(var "$2")
    SETTING_VALUE=${SETTING_VALUE:-$3}
  fi
}

# Blobs sector S holds at once: PARAMANT_BLOB_CAPACITY_<S>, else PARAMANT_BLOB_CAPACITY, else
# DEFAULT_CAPACITY (a launcher's profile may set it), else 64.
capacity_of() {
  sector_setting "$1" PARAMANT_BLOB_CAPACITY "${DEFAULT_CAPACITY:-64}"
  local c=$SETTING_VALUE
  if ! [[ $c =~ ^[0-9]+$ ]] || ((10#$c < 1 || 10#$c > 100000)); then
    die "$SETTING_NAME=$c: expected a whole number of blobs (1 to 100000)"
  fi
  echo "$((10#$c))"
}

# true or false: the sector's PARAMANT_WEBHOOK_ALLOW_PRIVATE_<SECTOR>, else PARAMANT_WEBHOOK_ALLOW_PRIVATE.
webhook_allow_private_of() {
  sector_setting "$1" PARAMANT_WEBHOOK_ALLOW_PRIVATE false
  case $SETTING_VALUE in
  true | false) ;;
  *) die "$SETTING_NAME=$SETTING_VALUE: expected true or false" ;;
  esac
  echo "$SETTING_VALUE"
}

# The RELAY_LIMITS that are set, as NAME=VALUE words in the array named $1 (for export in a unit's
# environment).
relay_limits_into() {
  local -n into=$1
  local v
  into=()
  for v in "${RELAY_LIMITS[@]}"; do [[ -z ${!v:-} ]] || into+=("$v=${!v}"); done
}

# On a fresh clone `up` needs no file edited first: when ADMIN_TOKEN is set nowhere and the .env file
# does not exist yet, it is written (owner-only) from .env.example with a fresh token (32 random bytes,
# hex), which is printed once with where it is. An existing .env is never changed; with PARAMANT_ENV_FILE
# empty (no file read) nothing is written.
create_dotenv() {
  local file=${PARAMANT_ENV_FILE-$REPO/.env} token tmp
  [[ -z ${ADMIN_TOKEN:-} && -n $file && ! -e $file ]] || return 0
  token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  [[ $token =~ ^[0-9a-f]{64}$ ]] || die "cannot read 32 random bytes from /dev/urandom for ADMIN_TOKEN"
  tmp=$(umask 077 && mktemp "$(dirname "$file")/.env.XXXXXX") || die "cannot create $file"
  {
    if [[ -f $REPO/.env.example ]]; then
      sed "s/^ADMIN_TOKEN=.*/ADMIN_TOKEN=$token/" "$REPO/.env.example"
    fi
    grep -qs '^ADMIN_TOKEN=' "$REPO/.env.example" || echo "ADMIN_TOKEN=$token"
  } >"$tmp" || die "cannot write $file"
  # no clobbering: if another `up` created the file meanwhile, its token stands
  # -T: never into a directory, even one that a symlink placed at $file since the check above names
  if ! ln -T "$tmp" "$file" 2>/dev/null; then
    rm -f "$tmp"
    [[ -e $file ]] || die "cannot create $file"
    load_dotenv
    return 0
  fi
  rm -f "$tmp"
  ADMIN_TOKEN=$token
  note "created $file (owner-only) with a fresh ADMIN_TOKEN, which the console's sign-in, the admin API and"
  note "GET /metrics (user admin) ask for; it is shown this once, later read it from that file:"
  note "ADMIN_TOKEN=$token"
}

check_admin_token() {
  [[ -n ${ADMIN_TOKEN:-} ]] || die "ADMIN_TOKEN is not set: put it in the environment or in $REPO/.env (at least 32 characters, e.g. from: head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n')"
  ((${#ADMIN_TOKEN} >= 32)) || die "ADMIN_TOKEN is too short (${#ADMIN_TOKEN} characters); use at least 32"
  # RFC 6750 token characters: it is sent as a bearer token, and as a Basic password for /metrics
  [[ $ADMIN_TOKEN =~ ^[A-Za-z0-9._~+/-]+=*$ ]] ||
    die "ADMIN_TOKEN may contain only letters, digits and . _ ~ + / - (and trailing =)"
}

# ---------------------------------------------------------------------------------------------------
# prerequisites

# find_java WHAT [MAJOR]: sets JAVA (and JAVA_MAJOR) to JAVA_HOME's java, else the PATH's, and dies unless it
# is Java MAJOR (default 17) or newer; WHAT names what needs it. JAVA_HOME may come from the environment
# or .env.
find_java() {
  local what=$1 need=${2:-17} v major from
  if [[ -n ${JAVA_HOME:-} ]]; then
    [[ -x $JAVA_HOME/bin/java ]] || die "JAVA_HOME=$JAVA_HOME has no bin/java; point it at a JDK $need or newer"
    JAVA=$JAVA_HOME/bin/java
    from="JAVA_HOME=$JAVA_HOME"
  elif command -v java >/dev/null; then
    JAVA=$(command -v java)
    from="the PATH ($JAVA; JAVA_HOME is not set)"
  else
    die "no Java found: $what needs a JDK $need or newer; install one and set JAVA_HOME (environment or $REPO/.env)"
  fi
  v=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  major=${v%%[.+-]*}
  [[ $major == 1 ]] && major=$(echo "$v" | cut -d. -f2)
  [[ $major =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA (got '$v')"
  ((major >= need)) ||
    die "$what needs Java $need or newer, but the Java from $from is Java $v. Set JAVA_HOME to a JDK $need+ (in the environment or in $REPO/.env), e.g. JAVA_HOME=$(example_jdk "$need")"
  JAVA_MAJOR=$major
}

# A JDK of at least MAJOR under /usr/lib/jvm, for messages (or a placeholder).
example_jdk() {
  local d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [[ -x $d/bin/java && ! -L $d ]] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null)
    [[ -n $v ]] && ((v >= $1)) && {
      echo "$d"
      return
    }
  done
  echo "/path/to/jdk-$1"
}

# The Java a Payara line needs at least (Payara 6: Java 11+, we build for 17; Payara 7: Java 21+).
java_for_payara() {
  case ${1%%.*} in
  6) echo 17 ;;
  *) echo 21 ;;
  esac
}

need_cmd() { command -v "$1" >/dev/null || die "$1 is required ($2)"; }

# The Payara version of the build (payara-micro.version of the root pom.xml; Payara Server and Micro are
# released together).
payara_version() {
  local v
  v=$(sed -n 's:.*<payara-micro.version>\([^<]*\)</payara-micro.version>.*:\1:p' "$REPO/pom.xml" 2>/dev/null | head -n1)
  echo "${v:-6.2025.10}"
}

# add_metrics_constraint IN OUT: the default-web.xml IN with the /metrics constraint of
# payara/default-web-metrics.xml (user admin, group microprofile) inserted, written to OUT; fails if
# the constraint is not there afterwards.
add_metrics_constraint() {
  awk -v frag="$SCRIPT_DIR/payara/default-web-metrics.xml" \
    '/<\/web-app>/ { while ((getline l < frag) > 0) print l } { print }' "$1" >"$2"
  grep -q '<url-pattern>/metrics/\*</url-pattern>' "$2"
}

# ---------------------------------------------------------------------------------------------------
# processes

# live_pid FILE NEEDLE...: the pid in FILE if it names a live process whose command line contains every
# NEEDLE (so a reused pid is not mistaken for ours), else nothing; a stale pid file is removed.
live_pid() {
  local f=$1 pid cmdline needle
  shift
  [[ -f $f ]] || return 0
  pid=$(<"$f")
  if [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]]; then
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" || true)
    for needle in "$@"; do
      [[ $cmdline == *"$needle"* ]] || {
        rm -f "$f"
        return 0
      }
    done
    echo "$pid"
    return 0
  fi
  rm -f "$f"
}

# kill_hard PID [TENTHS]: SIGKILL, then wait up to TENTHS tenths of a second (default 50) until it is gone.
kill_hard() {
  local pid=$1 tenths=${2:-50}
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$tenths"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

# take_lock SECONDS WHAT: the launcher's lock ($RUN_DIR/.lock on fd 9), so that two starts or stops of
# the same units never overlap. Started JVMs close fd 9 (exec 9>&-): the lock stays with the launcher.
take_lock() {
  exec 9>"$RUN_DIR/.lock"
  flock -w "$1" 9 || die "another $PROG $2 holds $RUN_DIR/.lock"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The HTTP status of GET http://127.0.0.1:PORT/PATH (empty when nothing answers in 5 s).
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1$2" 2>/dev/null || true
}
