#!/usr/bin/env bash
# race-northd.sh N M H [RUNS]: nv's logical compile against ovn-northd's full recompute of the
# same topology (nv generate ovn-like N M H). docs/performance-peers.md explains the method.
#
# Each northd run starts fresh NB and SB databases and ovn-northd in a temporary folder, pauses
# northd, loads nv's OVN_Northbound transaction, waits until northd has taken the NB update in,
# then times resume → `ovn-nbctl --wait=sb sync` returning, reads northd's stopwatches and counts
# the SB Logical_Flow rows. Then, on the loaded databases, it times a forced recompute
# (inc-engine/recompute + sync) and a sync with nothing to do. nv's side is `nv compile --stats`
# (warm logical compile, median of 5 in one process) and the whole `nv compile --logical
# --format json` process timed from outside, run right after each northd run. Medians of RUNS
# (default 3) runs, and the median of the runs' own ratios.
set -euo pipefail
RACE="race-northd"
USAGE="race-northd.sh SWITCHES PORTS HOSTS [RUNS]"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

race_args "$@"
need_common
need ovsdb-client openvswitch-common

setup_work
say "$RACE: ovn-like $N switches x $M ports, $H hosts; $RUNS runs"
versions

nv_build
TOPO="$WORK/ovn-like.yaml"
NBJSON="$WORK/nb.json"
nv_generate "$N" "$M" "$H" "$TOPO"
# The same topology as a JSON document (nv reads both), for the whole process's second figure.
TOPO_JSON="$WORK/ovn-like.json"
nv_generate "$N" "$M" "$H" "$TOPO_JSON"
"$NV" compile "$TOPO" --format ovn-nb -o "$NBJSON" >/dev/null
say "nb:      $(grep -c '"op":"insert"' "$NBJSON") OVN_Northbound rows ($(($(stat -c %s "$NBJSON") / 1024)) KiB)"

sync_ms=() cpu_northd=() cpu_sb=() cpu_nb=() loop_ms=() nbrun_ms=() lflows_ms=() compute_ms=() recompute_ms=() noop_ms=()
warm_ms=() whole_ms=() whole_cpu=() whole_json_ms=() cpu_all=() nv_flows=""
sb_rows="" sb_flows="" threads=""
for ((r = 1; r <= RUNS; r++)); do
  start_ovn
  threads="$(northd_threads)"
  ovn-appctl -t "$NORTHD" pause >/dev/null
  [ "$(ovn-appctl -t "$NORTHD" is-paused)" = "true" ] || die "ovn-northd did not pause"
  load_nb "$NBJSON"
  wait_idle "$(cat "$WORK/run/northd.pid")"
  ovn-appctl -t "$NORTHD" stopwatch/reset >/dev/null
  c_northd="$(cpu_ms "$WORK/run/northd.pid")" c_nb="$(cpu_ms "$WORK/run/nb.pid")" c_sb="$(cpu_ms "$WORK/run/sb.pid")"
  t0="$(now_us)"
  ovn-appctl -t "$NORTHD" resume >/dev/null
  ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=sb sync \
    || die "run $r: no sync within ${RACE_TIMEOUT}s (RACE_TIMEOUT): northd is too slow or failed, see $WORK/log/northd.log"
  sync_ms+=("$(elapsed_ms "$t0")")
  # Where the sync's time went: CPU used by each daemon from resume to the sync's return.
  cpu_northd+=("$(($(cpu_ms "$WORK/run/northd.pid") - c_northd))")
  cpu_sb+=("$(($(cpu_ms "$WORK/run/sb.pid") - c_sb))")
  cpu_nb+=("$(($(cpu_ms "$WORK/run/nb.pid") - c_nb))")
  wait_idle "$(cat "$WORK/run/northd.pid")"
  loop_ms+=("$(stopwatch_max "$NORTHD" ovn-northd-loop)")
  nbrun_ms+=("$(stopwatch_max "$NORTHD" ovnnb_db_run)")
  lflows_ms+=("$(stopwatch_max "$NORTHD" build_lflows)")
  compute_ms+=("$(awk -v a="${nbrun_ms[-1]}" -v b="${lflows_ms[-1]}" 'BEGIN { if (a ~ /^[0-9]/ && b ~ /^[0-9]/) print a + b; else print "n/a" }')")
  if [ "$r" -eq 1 ]; then ovn-appctl -t "$NORTHD" stopwatch/show >"$WORK/stopwatch.txt"; fi
  read -r sb_rows sb_flows < <(python3 "$RPC" lflows "$WORK/run/sb.sock")
  # The same databases again: a full recompute that finds the SB already right, and a sync
  # with nothing to do (what the sync itself costs at this size).
  t0="$(now_us)"
  ovn-appctl -t "$NORTHD" inc-engine/recompute >/dev/null
  ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=sb sync
  recompute_ms+=("$(elapsed_ms "$t0")")
  wait_idle "$(cat "$WORK/run/northd.pid")"
  t0="$(now_us)"
  ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=sb sync
  noop_ms+=("$(elapsed_ms "$t0")")
  say "northd run $r: resume→sync ${sync_ms[-1]} ms (busiest loop ${loop_ms[-1]} ms, ovnnb_db_run ${nbrun_ms[-1]} + build_lflows ${lflows_ms[-1]} ms; CPU northd ${cpu_northd[-1]}, SB server ${cpu_sb[-1]}, NB server ${cpu_nb[-1]} ms); forced recompute+sync ${recompute_ms[-1]} ms; no-op sync ${noop_ms[-1]} ms; SB Logical_Flow $sb_rows rows"
  stop_daemons
  # nv's run right after northd's, so that both see the same load on a shared machine.
  stats="$(nv_stats "$TOPO")"
  warm_ms+=("$(json_field warm_logical_ms "$stats")")
  nv_flows="$(json_field logical_flows "$stats")"
  # Wall and CPU (user + system, all of the JVM's threads) of the whole process.
  read -r wall cpu < <(timed "$NV" compile "$TOPO" --logical --format json)
  whole_ms+=("$wall") whole_cpu+=("$cpu")
  read -r wall cpu < <(timed "$NV" compile "$TOPO_JSON" --logical --format json)
  whole_json_ms+=("$wall")
  cpu_all+=("$((cpu_northd[-1] + cpu_sb[-1] + cpu_nb[-1]))")
  say "nv     run $r: warm logical ${warm_ms[-1]} ms, whole process ${whole_ms[-1]} ms (CPU ${whole_cpu[-1]} ms; from the JSON document ${whole_json_ms[-1]} ms), $nv_flows logical flows (load average $(cut -d ' ' -f 1 /proc/loadavg))"
done

say ""
say "northd stopwatches of run 1 (ms; samples since resume):"
awk '/^Statistics for/ { name = $3 } /Total samples/ { n = $3 } /Maximum/ && n > 0 { printf "  %-20s max %6s  samples %s\n", name, $2, n }' "$WORK/stopwatch.txt" | tr -d "'"
if [ "$threads" = "1" ]; then
  say "northd parallel build: off (parallel-build/get-n-threads = 1; NB_Global options:use_parallel_build unset, the default)"
else
  say "northd parallel build: $threads threads"
fi
say ""
S="$(median "${sync_ms[@]}")" W="$(median "${warm_ms[@]}")" P="$(median "${whole_ms[@]}")"
C="$(median "${compute_ms[@]}")"
row "median of $RUNS (ms)" "northd" "nv" "northd/nv"
row "northd resume→sync vs nv warm logical" "$S" "$W" "$(ratio "$S" "$W")"
row "northd resume→sync vs nv whole process" "$S" "$P" "$(ratio "$S" "$P")"
J="$(median "${whole_json_ms[@]}")"
row "  the same, nv reading the JSON document" "$S" "$J" "$(ratio "$S" "$J")"
row "northd compute (ovnnb_db_run+build_lflows)" "$C" "$W" "$(ratio "$C" "$W")"
row "  median of the runs' ratios: sync/warm" "" "" "$(paired_ratio sync_ms warm_ms)"
row "  median of the runs' ratios: sync/whole" "" "" "$(paired_ratio sync_ms whole_ms)"
row "  CPU during it: ovn-northd" "$(median "${cpu_northd[@]}")" "" ""
row "  CPU during it: SB ovsdb-server" "$(median "${cpu_sb[@]}")" "" ""
row "  CPU during it: NB ovsdb-server" "$(median "${cpu_nb[@]}")" "" ""
row "CPU: northd+SB+NB during sync vs nv process" "$(median "${cpu_all[@]}")" "$(median "${whole_cpu[@]}")" "$(ratio "$(median "${cpu_all[@]}")" "$(median "${whole_cpu[@]}")")"
row "northd busiest loop iteration" "$(median "${loop_ms[@]}")" "" ""
row "northd forced recompute+sync (SB in sync)" "$(median "${recompute_ms[@]}")" "" ""
row "northd no-op sync" "$(median "${noop_ms[@]}")" "" ""
row "flows: SB Logical_Flow rows / nv" "$sb_rows" "$nv_flows" ""
row "flows: per datapath (groups expanded) / nv" "$sb_flows" "$nv_flows" ""
say "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
