#!/usr/bin/env bash
# race-controller.sh N M H [RUNS]: nv's physical compile of host hv0 against ovn-controller's
# full recompute on chassis hv0, same topology (nv generate ovn-like N M H).
# docs/performance-peers.md explains the method.
#
# In a temporary folder: NB and SB databases with ovn-northd, nv's OVN_Northbound rows loaded
# and synced; every other host as a fake chassis (Chassis + Geneve Encap) with its ports bound
# to it, as `ovn-sbctl chassis-add` / `lsp-bind` do; a userspace Open vSwitch (ovs-vswitchd
# --disable-system, bridge br-int on the dummy datapath) with one dummy interface per VIF that
# nv binds to hv0 (external_ids:iface-id=PORT); ovn-controller as chassis hv0. Once its flows
# are installed (ovn-nbctl --wait=hv, then a stable flow count on br-int), each run times a full
# recompute twice: after `lflow-cache/flush` (nothing memoized) and after `inc-engine/recompute`
# (the lflow cache kept), reading the flow-generation and flow-installation stopwatches and
# the wall time until ovn-controller serves its next command. nv's side is `nv compile --stats
# --host hv0` (warm physical compile, median of 5 in one process), run after each recompute
# pair. Medians of RUNS (default 3), and the median of the runs' own ratios.
# RACE_FLOWS_OUT=FILE also writes br-int's flows (ovs-ofctl dump-flows) to FILE.
set -euo pipefail
RACE="race-controller"
USAGE="race-controller.sh SWITCHES PORTS HOSTS [RUNS]"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

race_args "$@"
LOCAL="hv0"
need_common
need ovs-vsctl openvswitch-switch
need ovs-vswitchd openvswitch-switch
need ovs-ofctl openvswitch-common
need ovn-controller ovn-host

setup_work
say "$RACE: ovn-like $N switches x $M ports, $H hosts; chassis $LOCAL; $RUNS runs"
versions
say "peer:    $(ovn-controller --version | sed -n 1p), $(ovs-vswitchd --version | sed -n 1p)"

nv_build
TOPO="$WORK/ovn-like.yaml"
NBJSON="$WORK/nb.json"
nv_generate "$N" "$M" "$H" "$TOPO"
"$NV" compile "$TOPO" --format ovn-nb -o "$NBJSON" >/dev/null
# The hosts ("id tunnel-ip") and bindings ("port host") of the generated topology.
awk '/^[a-zA-Z]/ { section = $1 } section == "hosts:" && $1 == "-" && $2 == "id:" { id = $3 }
     section == "hosts:" && $1 == "tunnelIp:" { print id, $2 }' "$TOPO" >"$WORK/hosts.txt"
awk '/^[a-zA-Z]/ { section = $1 } section == "bindings:" && $1 == "-" && $2 == "port:" { port = $3 }
     section == "bindings:" && $1 == "host:" { print port, $2 }' "$TOPO" >"$WORK/bindings.txt"
ENCAP_IP="$(awk -v h="$LOCAL" '$1 == h { print $2 }' "$WORK/hosts.txt")"
[ -n "$ENCAP_IP" ] || die "the topology has no host $LOCAL"
mapfile -t VIFS < <(awk -v h="$LOCAL" '$2 == h { print $1 }' "$WORK/bindings.txt")
say "nb:      $(grep -c '"op":"insert"' "$NBJSON") OVN_Northbound rows; $LOCAL ($ENCAP_IP) has ${#VIFS[@]} of $(wc -l <"$WORK/bindings.txt") VIFs"

start_ovn
load_nb "$NBJSON"
ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=sb sync || die "northd did not sync the topology"
read -r n_chassis n_bound < <(python3 "$RPC" bind "$WORK/run/sb.sock" "$WORK/hosts.txt" "$WORK/bindings.txt" "$LOCAL")
say "sb:      $n_chassis fake chassis, $n_bound ports bound to them"

# Userspace Open vSwitch: nothing reaches the kernel (no datapath module, no tap devices).
OVS_DB="unix:$WORK/run/conf.sock"
start_ovsdb conf /usr/share/openvswitch/vswitch.ovsschema
ovs-vsctl --db="$OVS_DB" --no-wait init
ovs-vswitchd --detach --no-chdir -vconsole:warn --enable-dummy --disable-system \
  --pidfile="$WORK/run/ovs-vswitchd.pid" --unixctl="$WORK/run/ovs-vswitchd.ctl" \
  --log-file="$WORK/log/ovs-vswitchd.log" "$OVS_DB"
track "$WORK/run/ovs-vswitchd.pid"
ports=()
for p in "${VIFS[@]}"; do
  ports+=(-- add-port br-int "$p" -- set Interface "$p" type=dummy "external_ids:iface-id=$p")
done
ovs-vsctl --db="$OVS_DB" --timeout="$RACE_TIMEOUT" \
  add-br br-int -- set Bridge br-int datapath_type=dummy fail-mode=secure other-config:disable-in-band=true \
  "${ports[@]}" \
  -- set Open_vSwitch . external_ids:system-id="$LOCAL" external_ids:hostname="$LOCAL" \
  external_ids:ovn-remote="$SB_DB" external_ids:ovn-encap-type=geneve \
  external_ids:ovn-encap-ip="$ENCAP_IP" external_ids:ovn-bridge=br-int \
  external_ids:ovn-bridge-datapath-type=dummy

t0="$(now_us)"
# ovn-controller has no --unixctl option: its socket is $OVN_RUNDIR/ovn-controller.PID.ctl.
ovn-controller --detach --no-chdir -vconsole:warn --pidfile="$WORK/run/ovn-controller.pid" \
  --log-file="$WORK/log/ovn-controller.log" "$OVS_DB"
track "$WORK/run/ovn-controller.pid"
CPID="$(cat "$WORK/run/ovn-controller.pid")"
CTL="$WORK/run/ovn-controller.$CPID.ctl"
# --wait=hv returns once every chassis that reports (hv0 only: fake chassis have no
# Chassis_Private row) has installed the flows of the new configuration.
ovn-nbctl --db="$NB_DB" --timeout="$RACE_TIMEOUT" --wait=hv sync \
  || die "ovn-controller did not install its flows within ${RACE_TIMEOUT}s: see $WORK/log/ovn-controller.log"
cold_ms="$(elapsed_ms "$t0")"

flow_count() {
  ovs-ofctl -O OpenFlow15 dump-aggregate br-int | sed -n -E 's/.*flow_count=([0-9]+).*/\1/p'
}

# wait_flows_stable: the same flow count on br-int three seconds in a row.
wait_flows_stable() {
  local last="" now same=0 n=0
  while ((same < 3)); do
    sleep 1
    now="$(flow_count)"
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
    last="$now"
    n=$((n + 1))
    ((n < RACE_TIMEOUT)) || die "the flow count on br-int did not settle within ${RACE_TIMEOUT}s"
  done
  echo "$last"
}

# lflow_recomputes: how many times ovn-controller's logical_flow_output node recomputed so far.
lflow_recomputes() {
  ovn-appctl -t "$CTL" inc-engine/show-stats \
    | awk '/^Node:/ { node = $2 } node == "logical_flow_output" && /- recompute:/ { print $3 }'
}

flows="$(wait_flows_stable)"
groups="$(ovs-ofctl -O OpenFlow15 dump-groups br-int | grep -c group_id || true)"
say "ovn-controller: started → flows installed (--wait=hv) ${cold_ms} ms; $flows flows, $groups groups on br-int"

# The engine logs how long each node's recompute took at debug level.
ovn-appctl -t "$CTL" vlog/set inc_proc_eng:file:dbg >/dev/null
CLOG="$WORK/log/ovn-controller.log"

# recompute COMMAND: one full recompute triggered by COMMAND; sets GEN_MS, PUT_MS, WALL_MS, CPU_MS
# and NODES_FILE (the engine's per-node recompute times, "ms node" lines, largest first).
recompute() {
  local before t0 c0 lines
  wait_idle "$CPID"
  lines="$(wc -l <"$CLOG")"
  ovn-appctl -t "$CTL" stopwatch/reset >/dev/null
  sleep 0.2
  before="$(lflow_recomputes)"
  c0="$(cpu_ms "$WORK/run/ovn-controller.pid")"
  t0="$(now_us)"
  ovn-appctl -t "$CTL" "$1" >/dev/null
  # Commands are served between main-loop iterations: this one waits for the recompute.
  ovn-appctl -t "$CTL" version >/dev/null
  WALL_MS="$(elapsed_ms "$t0")"
  wait_idle "$CPID"
  CPU_MS="$(($(cpu_ms "$WORK/run/ovn-controller.pid") - c0))"
  sleep 0.2
  GEN_MS="$(stopwatch_max "$CTL" flow-generation)"
  PUT_MS="$(stopwatch_max "$CTL" flow-installation)"
  [ "$(lflow_recomputes)" -gt "$before" ] || die "$1 did not make ovn-controller recompute its logical flows"
  NODES_FILE="$WORK/nodes.$(now_us)"
  tail -n "+$((lines + 1))" "$CLOG" \
    | sed -n -E 's/.*node: ([a-z_]+), recompute \([^)]*\) took ([0-9]+)ms.*/\2 \1/p' \
    | sort -rn >"$NODES_FILE"
}

flush_gen=() flush_put=() flush_wall=() flush_cpu=() keep_gen=() keep_put=() keep_wall=()
phys_ms=() logi_ms=() nv_flows="" nv_groups=""
for ((r = 1; r <= RUNS; r++)); do
  recompute lflow-cache/flush
  if [ "$r" -eq 1 ]; then cp "$NODES_FILE" "$WORK/nodes-flushed.txt"; fi
  flush_gen+=("$GEN_MS") flush_put+=("$PUT_MS") flush_wall+=("$WALL_MS") flush_cpu+=("$CPU_MS")
  recompute inc-engine/recompute
  keep_gen+=("$GEN_MS") keep_put+=("$PUT_MS") keep_wall+=("$WALL_MS")
  now="$(flow_count)"
  [ "$now" = "$flows" ] || say "warning: run $r: $now flows on br-int after the recompute, $flows before"
  say "ovn-controller run $r: cache flushed: flow-generation ${flush_gen[-1]} ms, flow-installation ${flush_put[-1]} ms, wall ${flush_wall[-1]} ms, CPU ${flush_cpu[-1]} ms; cache kept: ${keep_gen[-1]} / ${keep_put[-1]} / ${keep_wall[-1]} ms"
  # nv's run right after ovn-controller's (idle meanwhile), so both see the same load.
  stats="$(nv_stats "$TOPO" --host "$LOCAL")"
  phys_ms+=("$(json_field warm_physical_ms "$stats")")
  logi_ms+=("$(json_field warm_logical_ms "$stats")")
  nv_flows="$(json_field host_flows "$stats")"
  nv_groups="$(json_field groups "$stats")"
  say "nv             run $r: warm physical ${phys_ms[-1]} ms (warm logical ${logi_ms[-1]} ms), $nv_flows flows, $nv_groups groups for $LOCAL (load average $(cut -d ' ' -f 1 /proc/loadavg))"
done
if [ -n "${RACE_FLOWS_OUT:-}" ]; then
  ovs-ofctl -O OpenFlow15 --no-stats dump-flows br-int >"$RACE_FLOWS_OUT"
  say "ovn-controller: br-int's flows written to $RACE_FLOWS_OUT"
fi
stop_daemons

say ""
say "ovn-controller engine nodes of run 1, cache flushed (recompute ms, largest first):"
head -n 8 "$WORK/nodes-flushed.txt" | awk '{ printf "  %-28s %6s\n", $2, $1 }'
say ""
G="$(median "${flush_gen[@]}")" K="$(median "${keep_gen[@]}")" F="$(median "${flush_wall[@]}")"
P="$(median "${phys_ms[@]}")" L="$(median "${logi_ms[@]}")"
LP="$(awk -v a="$P" -v b="$L" 'BEGIN { printf "%.1f", a + b }')"
row "median of $RUNS (ms)" "ovn-controller" "nv" "ovn/nv"
row "flow-generation, cache flushed vs physical" "$G" "$P" "$(ratio "$G" "$P")"
row "  median of the runs' ratios (flushed)" "" "" "$(paired_ratio flush_gen phys_ms)"
row "flow-generation, cache kept vs physical" "$K" "$P" "$(ratio "$K" "$P")"
row "recompute wall, cache flushed vs physical" "$F" "$P" "$(ratio "$F" "$P")"
row "CPU of the recompute, cache flushed vs physical" "$(median "${flush_cpu[@]}")" "$P" "$(ratio "$(median "${flush_cpu[@]}")" "$P")"
row "flow-generation, flushed vs logical+physical" "$G" "$LP" "$(ratio "$G" "$LP")"
row "flow-installation after recompute" "$(median "${flush_put[@]}")" "" ""
row "recompute wall, cache kept" "$(median "${keep_wall[@]}")" "" ""
row "cold start → flows installed (once)" "$cold_ms" "" ""
row "flows on $LOCAL (br-int / nv host)" "$flows" "$nv_flows" ""
row "groups on $LOCAL (br-int / nv host)" "$groups" "$nv_groups" ""
say "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
