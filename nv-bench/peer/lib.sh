# shellcheck shell=bash
# Shared by the peer races (race-northd.sh, race-controller.sh); sourced, not run.
# Every daemon lives in one temporary folder, is stopped by the PID in its pidfile when the
# race exits (also on failure or Ctrl-C), and the folder is removed.

PEER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PEER_DIR/../.." && pwd)"
NV="$REPO_ROOT/nv"
RPC="$PEER_DIR/ovsdb-rpc.py"
# How long one wait on a daemon (a sync, flows settling) may take before the race gives up.
RACE_TIMEOUT="${RACE_TIMEOUT:-1200}"
: "${NV_JAVA_OPTS:=-Xmx4g}"
export NV_JAVA_OPTS

PIDFILES=()
WORK=""

die() {
  echo "$RACE: $*" >&2
  exit 1
}

say() {
  echo "$@"
}

# need TOOL PACKAGE: stops the race when TOOL is missing, naming the Debian package to install.
need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2 (apt-get install $2)"
}

need_common() {
  need java openjdk-17-jdk-headless
  need python3 python3
  need ovsdb-tool openvswitch-common
  need ovsdb-server openvswitch-switch
  need ovn-northd ovn-central
  need ovn-nbctl ovn-common
  need ovn-sbctl ovn-common
  need ovn-appctl ovn-common
  if [ ! -r /usr/share/ovn/ovn-nb.ovsschema ] || [ ! -r /usr/share/ovn/ovn-sb.ovsschema ]; then
    die "/usr/share/ovn/ovn-{nb,sb}.ovsschema missing: install the Debian package ovn-common"
  fi
}

# race_args SWITCHES PORTS HOSTS [RUNS]: checks a race's arguments and sets N, M, H and RUNS
# (default 3); stops with the script's USAGE otherwise.
race_args() {
  if [ $# -lt 3 ] || [ $# -gt 4 ]; then die "usage: $USAGE"; fi
  N="$1" M="$2" H="$3" RUNS="${4:-3}"
  check_counts "$N" "$M" "$H" "$RUNS"
}

# check_counts N M H [RUNS]: the positional arguments are positive integers.
check_counts() {
  local a
  for a in "$@"; do
    [[ "$a" =~ ^[1-9][0-9]*$ ]] || die "expected positive integers, got '$a' (usage: $USAGE)"
  done
}

# Stops every daemon started so far, newest first, by the PID in its pidfile.
stop_daemons() {
  local i pidfile pid n
  for ((i = ${#PIDFILES[@]} - 1; i >= 0; i--)); do
    pidfile="${PIDFILES[$i]}"
    [ -s "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((n = 0; n < 50; n++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$pidfile"
  done
  PIDFILES=()
}

cleanup() {
  local rc=$?
  trap - EXIT
  stop_daemons
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$rc" -ne 0 ] && [ -n "${RACE_KEEP_LOGS:-}" ]; then
      echo "$RACE: logs kept in $WORK" >&2
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}

# Makes the temporary folder and points every OVS/OVN default path into it.
setup_work() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/nv-race.XXXXXX")"
  trap cleanup EXIT
  set -o errtrace
  trap 'echo "$RACE: failed (exit $?) at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND" >&2' ERR
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$WORK/run" "$WORK/db" "$WORK/log"
  export OVS_RUNDIR="$WORK/run" OVS_DBDIR="$WORK/db" OVS_LOGDIR="$WORK/log"
  export OVN_RUNDIR="$WORK/run" OVN_DBDIR="$WORK/db" OVN_LOGDIR="$WORK/log"
}

# wait_pidfile FILE: waits for a daemon's pidfile, then registers it for stopping.
track() {
  local n
  for ((n = 0; n < 100; n++)); do
    [ -s "$1" ] && break
    sleep 0.1
  done
  [ -s "$1" ] || die "no pidfile $1: see the logs in $WORK/log"
  PIDFILES+=("$1")
}

# start_ovsdb NAME SCHEMA: a fresh database NAME.db served on $WORK/run/NAME.sock.
start_ovsdb() {
  local name="$1" schema="$2"
  rm -f "$WORK/db/$name.db"
  ovsdb-tool create "$WORK/db/$name.db" "$schema"
  ovsdb-server --detach --no-chdir -vconsole:warn --remote="punix:$WORK/run/$name.sock" \
    --pidfile="$WORK/run/$name.pid" --unixctl="$WORK/run/$name.ctl" \
    --log-file="$WORK/log/$name.log" "$WORK/db/$name.db"
  track "$WORK/run/$name.pid"
}

NB_DB=""
SB_DB=""
NORTHD=""

# start_ovn: fresh NB and SB databases and ovn-northd, synced once (empty) so northd is active.
start_ovn() {
  start_ovsdb nb /usr/share/ovn/ovn-nb.ovsschema
  start_ovsdb sb /usr/share/ovn/ovn-sb.ovsschema
  NB_DB="unix:$WORK/run/nb.sock"
  SB_DB="unix:$WORK/run/sb.sock"
  ovn-northd --detach --no-chdir -vconsole:warn --pidfile="$WORK/run/northd.pid" --unixctl="$WORK/run/northd.ctl" \
    --log-file="$WORK/log/northd.log" --ovnnb-db="$NB_DB" --ovnsb-db="$SB_DB"
  track "$WORK/run/northd.pid"
  NORTHD="$WORK/run/northd.ctl"
  ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=sb sync \
    || die "ovn-northd did not sync an empty database: see $WORK/log/northd.log"
}

# northd_threads: the number of threads northd builds logical flows with (1: no parallel build).
northd_threads() {
  ovn-appctl -t "$NORTHD" parallel-build/get-n-threads 2>/dev/null || echo "unknown"
}

# load_nb FILE: runs nv's OVN_Northbound transaction (see ovsdb-rpc.py for why not ovsdb-client).
load_nb() {
  if [ "$(stat -c %s "$1")" -lt 120000 ]; then
    ovsdb-client transact "$NB_DB" "$(cat "$1")" >"$WORK/log/load.json" \
      || die "ovsdb-client transact failed on $1"
    if grep -q '"error"' "$WORK/log/load.json"; then
      die "OVN rejected $1: $(head -c 400 "$WORK/log/load.json")"
    fi
  else
    python3 "$RPC" transact "$WORK/run/nb.sock" "$1" >/dev/null
  fi
}

# wait_idle PID: waits until the process has used no CPU for half a second (it has taken in
# what it was sent), at most RACE_TIMEOUT seconds.
wait_idle() {
  local pid="$1" last="" now n=0 still=0
  while ((still < 5)); do
    now="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    if [ "$now" = "$last" ]; then
      still=$((still + 1))
    else
      still=0
    fi
    last="$now"
    sleep 0.1
    n=$((n + 1))
    ((n < RACE_TIMEOUT * 10)) || die "process $pid still busy after ${RACE_TIMEOUT}s"
  done
}

# cpu_ms PIDFILE: CPU time (user + system) the daemon has used so far, in milliseconds.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$(cat "$1")/stat"
}

# now_us: wall clock in microseconds.
now_us() {
  local t="$EPOCHREALTIME"
  echo "${t/./}"
}

# elapsed_ms START_US: milliseconds since START_US, one decimal.
elapsed_ms() {
  local end
  end="$(now_us)"
  awk -v a="$1" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1000 }'
}

# timed COMMAND…: runs COMMAND (its output discarded) and prints "WALL_MS CPU_MS", CPU being
# the user + system time of the command and its children.
timed() {
  local TIMEFORMAT='%R %U %S' t
  t="$( { time "$@" >/dev/null 2>&1; } 2>&1)" || die "failed: $*"
  awk '{ printf "%.1f %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

# (The awk programs below read to the end: one that exits early can kill ovn-appctl with
# SIGPIPE, and pipefail turns that into a failure.)
# stopwatch_max CTL NAME: the largest sample of a daemon's stopwatch since its reset, in ms.
stopwatch_max() {
  ovn-appctl -t "$1" stopwatch/show "$2" 2>/dev/null \
    | awk '/Maximum:/ && !found { print $2; found = 1 } END { if (!found) print "n/a" }'
}

# median X…: the median of numbers (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with one decimal and an x, or n/a.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.1fx", a / b; else print "n/a" }'
}

# paired_ratio A B: the median of A[i] / B[i] over two arrays named A and B (runs taken in turns).
paired_ratio() {
  local -n xs="$1" ys="$2"
  local i rs=()
  for ((i = 0; i < ${#xs[@]} && i < ${#ys[@]}; i++)); do
    rs+=("$(awk -v a="${xs[$i]}" -v b="${ys[$i]}" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b }')")
  done
  local m
  m="$(median "${rs[@]}")"
  if [ "$m" = "n/a" ]; then echo "n/a"; else printf '%.1fx\n' "$m"; fi
}

# json_field KEY LINE: a number or string field of a flat JSON object (nv compile --stats).
json_field() {
  printf '%s\n' "$2" | sed -n -E "s/.*\"$1\":\"?([^,\"}]*)\"?.*/\\1/p"
}

# nv_build: builds the CLI once (./nv rebuilds when sources changed), so no timing includes it.
nv_build() {
  "$NV" --help >/dev/null || die "cannot build or run $NV (mvn -B -ntp -o install -DskipTests)"
}

# nv_generate N M H FILE.
nv_generate() {
  "$NV" generate ovn-like --switches "$1" --ports "$2" --hosts "$3" -o "$4" >/dev/null
}

# nv_stats FILE [ARGS…]: the JSON line of `nv compile FILE --stats ARGS…`.
nv_stats() {
  local file="$1"
  shift
  "$NV" compile "$file" --stats "$@" | tail -n 1
}

# row LABEL A B C: one line of the result table.
row() {
  printf '%-44s %14s %14s %10s\n' "$1" "$2" "$3" "$4"
}

versions() {
  say "peer:    $(ovn-northd --version | sed -n 1p), $(ovsdb-server --version | sed -n 1p)"
  say "nv:      $("${NV_JAVA:-java}" -version 2>&1 | sed -n 1p)${NV_JAVA:+ (NV_JAVA=$NV_JAVA)}, NV_JAVA_OPTS=$NV_JAVA_OPTS"
  say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
}
