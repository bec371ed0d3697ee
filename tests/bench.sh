#!/usr/bin/env bash
# Benchmark of a full cross-node pod-to-pod trace (the upstream documentation example, ic mode) on the local cluster:
# ovntrace as it runs (one exec per node, kept open for its second round; nodes and lanes in parallel) against the same
# commands run one after another, one exec each, as upstream ovnkube-trace runs them.
#   1. in one warm JVM (the engine alone): median wall time and exec calls of each variant; the targets apply here
#   2. as a user runs it, a fresh JVM per run (`java -cp ... ovntrace`): median process wall time of each variant
#
#   tests/bench.sh            # uses $KUBECONFIG, else the default sandbox (started here and stopped again if needed)
#   RUNS=9 tests/bench.sh     # runs per variant (default 7)
#   tests/bench.sh daemon     # one-shot ovn-trace against an ovn-trace --detach daemon (tool and whole runs)
#   tests/bench.sh scale      # a generated large central cluster: up, one trace, 100 daemon traces, a 10x10 matrix
#                             # (MODE=ic: an interconnect one, a zone per node)
#   tests/bench.sh startup    # start-up only, no cluster: `--help` and `--version` through plain `java -cp`, the
#                             # script, the catalog alias (launch cache on and off) and ovntrace.jar, with hyperfine
#   tests/bench.sh process    # whole process of the docs-example trace and of --help, with hyperfine: the catalog
#                             # alias (launch cache) with its class-data archive (JDK 25+: AOT cache) and without
#                             # (OVNTRACE_CDS=0), and plain `java -cp` of the same class path; figures only. The JDK
#                             # is $JAVA_HOME's if set (as for ./jbang), else the java on PATH
#   tests/bench.sh against REV  # the docs-example trace through the catalog alias, this checkout against an earlier
#                             # revision (a temporary git worktree), interleaved rounds; figures only
#   tests/bench.sh cpu        # CPU time of the docs-example trace: the client's and the node side's (the local
#                             # cluster's commands), with and without ovn-detrace; figures only
#   tests/bench.sh matrix     # a small matrix (every fedora pod to every endpoint of Service default/fedora, 9 cells)
#                             # with --parallel 1 against the default fan-out: figures only, no target asserted
# Targets: 2 exec calls (one per node), for upstream's steps and with ovntrace's own legs alike (the receiving nodes'
# steps, which read the sending node's tunnel output, go to that node's exec, kept open for them); wall time at most
# half of the one-after-another time (issue 14 asks under a quarter: printed too, not in the exit code). The
# "upstream steps only" line (--no-new-connection-checks) shows what the legs cost.
set -euo pipefail
cd "$(dirname "$0")/.."

# A hyperfine JSON export as lines: NAME (one per command, in order), median ± σ of wall time, and the ratio to the
# median of command number BASE.
medians() {
  local json=$1 base=$2
  shift 2
  sed -n 's/^ *"\(stddev\|median\)": \([0-9.e-]*\),\{0,1\}$/\1 \2/p' "$json" \
    | awk -v names="$(IFS="|"; echo "$*")" -v base="$base" 'BEGIN { split(names, name, "|") }
        $1 == "stddev" { s = $2 }
        $1 == "median" { n++; m[n] = $2; sd[n] = s }
        END { for (i = 1; i <= n; i++) printf "   %-40s %7.0f ms ± %4.0f ms  %5.2fx\n", name[i], m[i] * 1000, sd[i] * 1000, m[i] / m[base] }'
}

# Start-up: hyperfine (Debian package `hyperfine`) per command line; median ± σ of wall time, and the catalog alias's
# `--help` against plain `java -cp` of the same class path (target <= 1.5).
startup() {
  command -v hyperfine >/dev/null || { echo "bench: startup needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
  local runs=${RUNS:-15} cp
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tools/build-jar.sh "$tmp/ovntrace.jar" 2>/dev/null
  cp=$(./jbang info classpath ovntrace.java 2>/dev/null)
  ./jbang ovntrace --version >/dev/null; ./jbang ovntrace.java --version >/dev/null   # launch cache filled
  echo "ovntrace bench: start-up, $runs runs per command line (hyperfine, 2 warm-up runs), wall time median ± σ"
  for arg in --help --version; do
    local names=("java -cp CP ovntrace" "  same, with the script's JAVA_OPTIONS" "./jbang ovntrace.java"
                 "./jbang ovntrace (catalog alias)" "  same, OVNTRACE_LAUNCH_CACHE=0" "java -jar ovntrace.jar")
    hyperfine -N -w 2 -r "$runs" --export-json "$tmp/$arg.json" -- \
      "java -cp $cp ovntrace $arg" "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $cp ovntrace $arg" \
      "./jbang ovntrace.java $arg" "./jbang ovntrace $arg" \
      "env OVNTRACE_LAUNCH_CACHE=0 ./jbang ovntrace $arg" "java -jar $tmp/ovntrace.jar $arg" >/dev/null 2>&1
    echo
    echo "$arg"
    medians "$tmp/$arg.json" 1 "${names[@]}"
  done
  echo
  echo "ratio = median / plain java -cp median; target for the catalog alias: <= 1.50"
}
if [ "${1:-}" = startup ]; then startup; exit 0; fi

# Scale: a generated central cluster (MODE=ic: interconnect; ovntrace-sandbox generate; sizes from NODES, PODS_PER_NODE,
# NAMESPACES, SERVICES, POLICIES; defaults: what this 2-core machine starts in a few minutes) started here, or the one in
# SCALE_KUBECONFIG.
# Figures, side by side in one run: `up` time and memory; one trace (whole process); one-shot ovn-trace against one
# daemon asked 100 traces (target <= 3x); a 10x10 matrix of the bench pods (target <= 10x one trace). Asserts nothing.
scale() {
  local nodes=${NODES:-20} ppn=${PODS_PER_NODE:-100} nss=${NAMESPACES:-40} svcs=${SERVICES:-200} pols=${POLICIES:-100}
  local mode=${MODE:-central}
  local dir="/tmp/ovntrace-scale-$$" kc t0 t1 one matrix_ms summary
  ./jbang build ovntrace.java >/dev/null 2>&1
  CP=$(./jbang info classpath ovntrace.java 2>/dev/null)
  if [ -n "${SCALE_KUBECONFIG:-}" ]; then
    kc=$SCALE_KUBECONFIG
    echo "ovntrace bench: scale, the running cluster of $kc"
  else
    ./jbang sandbox.java generate --nodes "$nodes" --pods-per-node "$ppn" --namespaces "$nss" --services "$svcs" \
      --policies "$pols" --mode "$mode" -o "$dir.yaml"
    # expanded now: $dir is local to this function and gone by the time the EXIT trap runs (set -u then failed and
    # left the cluster running)
    trap "./jbang sandbox.java down --dir '$dir' >/dev/null 2>&1 || true; rm -f '$dir.yaml'" EXIT
    echo "ovntrace bench: scale, $nodes nodes x $ppn pods, $svcs Services, $pols NetworkPolicies, $mode"
    ./jbang sandbox.java up --dir "$dir" --topology "$dir.yaml" 2>&1 >/dev/null | grep '^sandbox up in' | sed 's/^/   /'
    kc=$dir/kubeconfig
  fi
  local base=(-kubeconfig "$kc" -src-namespace bench -dst-namespace bench -tcp -dst-port 8080 --timeout 900)
  t0=$(date +%s%N)
  NO_COLOR=1 java -cp "$CP" ovntrace "${base[@]}" -src client-0 -dst server-0 >/dev/null 2>&1 || true
  t1=$(date +%s%N); one=$(( (t1 - t0) / 1000000 ))
  printf '   %-46s %10s ms\n' "one trace, client-0 -> server-0 (process)" "$one"
  java -cp "$CP" tests/bench/DaemonBench.java "$kc" 1 100 bench/client-0 bench/server-0 tcp 8080 | grep '^tool' | sed 's/^tool /  /' || true
  t0=$(date +%s%N)
  summary=$(NO_COLOR=1 java -cp "$CP" ovntrace "${base[@]}" -src-selector role=client -dst-selector role=server 2>/dev/null | tail -1 || true)
  t1=$(date +%s%N); matrix_ms=$(( (t1 - t0) / 1000000 ))
  printf '   %-46s %10s ms  %s\n' "10x10 matrix, clients -> servers (process)" "$matrix_ms" "$summary"
  awk -v m="$matrix_ms" -v o="$one" 'BEGIN { printf "matrix / one trace = %.1f (target <= 10)\n", m / o }'
}
if [ "${1:-}" = scale ]; then scale; exit 0; fi
RUNS=${RUNS:-7}
ARGS=(-src-namespace default -src fedora-deployment-7d49fddf69-chmvh -dst-namespace default
      -dst fedora-deployment-7d49fddf69-t4hqw -udp -dst-port 53)

started=""
if [ -z "${KUBECONFIG:-}" ]; then
  if ! ./jbang sandbox.java status >/dev/null 2>&1; then
    echo "bench: starting the default local cluster (./jbang sandbox.java up)" >&2
    ./jbang sandbox.java up >/dev/null
    started=yes
  fi
  export KUBECONFIG=/run/ovntrace-sandbox/kubeconfig
fi
if [ -n "$started" ]; then trap './jbang sandbox.java down >/dev/null 2>&1 || true' EXIT; fi

./jbang build ovntrace.java >/dev/null 2>&1
CP=$(./jbang info classpath ovntrace.java 2>/dev/null)

# Matrix: median process wall time of one matrix per fan-out setting, and its summary line; asserts nothing.
matrix() {
  local runs=${RUNS:-3} margs=(-src-namespace default -src-selector app=fedora -service fedora --all-endpoints -tcp)
  echo "ovntrace bench: matrix, every fedora pod to every endpoint of Service default/fedora, $runs runs per setting, medians"
  printf '   %-36s %10s  %s\n' "" "wall ms" "summary (last run)"
  for fanout in "--parallel 1 --per-node 1" "--parallel 1" "" "--parallel 8 --per-node 4"; do
    local times=() summary="" t0 t1
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N)
      # shellcheck disable=SC2086 # the fan-out options are words
      summary=$(NO_COLOR=1 java -cp "$CP" ovntrace "${margs[@]}" $fanout 2>/dev/null | tail -1 || true)
      t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '   %-36s %10s  %s\n' "${fanout:-default (--parallel 4 --per-node 2)}" \
      "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$summary"
  done
}
if [ "${1:-}" = matrix ]; then matrix; exit 0; fi

# Makes the catalog alias's launch cache entry and its class-data archive (once): a trace, since --help and --version
# start without the archive.
prime() { NO_COLOR=1 ./jbang ovntrace "${ARGS[@]}" >/dev/null 2>&1 || true; }

# Whole process, as a user runs it: the trace and --help through the catalog alias with the launch cache's class-data
# archive and without it, and plain `java -cp` (the script's JAVA_OPTIONS); hyperfine, one run, asserts nothing.
process() {
  command -v hyperfine >/dev/null || { echo "bench: process needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
  local runs=${RUNS:-10} java="${JAVA_HOME:+$JAVA_HOME/bin/}java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $CP ovntrace" json
  json=$(mktemp); trap 'rm -f "$json"' RETURN
  prime
  local names=("./jbang ovntrace (archive or AOT cache)" "  same, OVNTRACE_CDS=0" "java -cp CP ovntrace")
  echo "JDK: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1)"
  echo "ovntrace bench: whole process, $runs runs per command line (hyperfine, 2 warm-up runs), wall time median ± σ"
  for what in trace --help; do
    local args="${ARGS[*]}"
    [ "$what" = --help ] && args=--help
    NO_COLOR=1 hyperfine -N -w 2 -r "$runs" -i --export-json "$json" -- "./jbang ovntrace $args" \
      "env OVNTRACE_CDS=0 ./jbang ovntrace $args" "$java $args" >/dev/null 2>&1
    echo
    echo "$what"
    medians "$json" 3 "${names[@]}"
  done
  echo
  echo "ratio = median / plain java -cp median (the issue's --help target for the alias: <= 1.50)"
}
if [ "${1:-}" = process ]; then process; exit 0; fi

# CPU, not wall time: what one docs-example trace costs the client (the ovntrace process, user + system) and the node
# side (every command its execs ran, all reaped by the local cluster's emulated API server, plus the server's own
# work), with and without ovn-detrace; means of RUNS runs. Where the client and the nodes share one machine's cores,
# (client + node side) / cores is a floor under the wall time that no overlapping of steps can go below.
cpu() {
  local runs=${RUNS:-5} dir pid hz cores
  dir=$(dirname "$KUBECONFIG")
  pid=$(./jbang sandbox.java status --dir "$dir" 2>/dev/null | awk '$4 == "api-server" && $2 == "running" {print $1}')
  [ -n "$pid" ] || { echo "bench: cpu needs the kubeconfig of a running local cluster (none at $dir)" >&2; exit 1; }
  hz=$(getconf CLK_TCK); cores=$(nproc)
  prime
  echo "ovntrace bench: CPU (user + system) of one docs-example trace through the catalog alias, $runs runs each, means; $cores cores"
  printf '   %-22s %9s %12s %8s %14s\n' "" "client s" "node side s" "sum s" "sum / cores s"
  for variant in "" -skip-detrace; do
    # a line per run: the server's CPU ticks (its own and its reaped children's) before, the client's `times` (the
    # subshell's children: the JVM), the server's ticks after
    for _ in $(seq "$runs"); do
      awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat"
      # shellcheck disable=SC2086 # an empty variant is no word
      (NO_COLOR=1 ./jbang ovntrace "${ARGS[@]}" $variant >/dev/null 2>&1 || true; times) | tail -1
      sleep 1 # the nodes' commands end (and are reaped) just after the client
      awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat"
    done | awk -v hz="$hz" -v r="$runs" -v k="$cores" -v name="${variant:-full trace}" '
      NR % 3 == 1 { before = $1 }
      NR % 3 == 2 { gsub(/[ms]/, " "); c += $1 * 60 + $2 + $3 * 60 + $4 }
      NR % 3 == 0 { n += ($1 - before) / hz }
      END { printf "   %-22s %9.2f %12.2f %8.2f %14.2f\n", name, c / r, n / r, (c + n) / r, (c + n) / r / k }'
  done
}
if [ "${1:-}" = cpu ]; then cpu; exit 0; fi

# Side by side with an earlier revision (`against REV`, e.g. 29179f6, the code the issue's 5.4 s was measured on): the
# docs-example trace through each one's catalog alias (a git worktree of REV, removed after), ROUNDS rounds of RUNS
# runs each, the two interleaved round by round, since this machine's speed drifts by a third within minutes. Prints
# each round's medians, the median of the rounds' medians and their ratio (the issue's target: <= 0.50), and the mean
# CPU time (user + system) of each process; asserts nothing.
against() {
  local rev=$1 rounds=${ROUNDS:-5} runs=${RUNS:-5} tmp wt r d
  command -v hyperfine >/dev/null || { echo "bench: against needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
  git rev-parse --verify -q "$rev^{commit}" >/dev/null || { echo "bench: against $rev: not a revision of this repository" >&2; exit 1; }
  tmp=$(mktemp -d); wt=$tmp/base
  trap 'git worktree remove --force "$wt" >/dev/null 2>&1; rm -rf "$tmp"' RETURN
  git worktree add --detach "$wt" "$rev" >/dev/null 2>&1
  local args="${ARGS[*]}" here=$PWD
  for d in "$wt" "$here"; do (cd "$d" && prime); done
  echo "ovntrace bench: the docs-example trace, $rev against this checkout, through each one's catalog alias;"
  echo "   $rounds rounds of $runs runs (hyperfine, 1 warm-up run each), interleaved; wall time medians"
  for r in $(seq "$rounds"); do
    NO_COLOR=1 hyperfine -N -w 1 -r "$runs" -i --export-json "$tmp/$r.json" -- \
      "env -C \"$wt\" ./jbang ovntrace $args" "env -C \"$here\" ./jbang ovntrace $args" >/dev/null 2>&1
  done
  python3 - "$tmp" "$rounds" "$rev" <<'PY'
import json, statistics, sys
tmp, rounds, rev = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [json.load(open(f"{tmp}/{r}.json"))["results"] for r in range(1, rounds + 1)]
for i, name in enumerate([rev, "this checkout"]):
    medians = [round(r[i]["median"], 3) for r in runs]
    cpu = statistics.mean(r[i]["user"] + r[i]["system"] for r in runs)
    print(f"   {name:<14} rounds {medians}  median {statistics.median(medians):.3f} s  cpu {cpu:.2f} s a run")
ratio = statistics.median(r[1]["median"] for r in runs) / statistics.median(r[0]["median"] for r in runs)
print(f"this checkout / {rev} = {ratio:.2f} (target <= 0.50)")
PY
}
if [ "${1:-}" = against ]; then
  [ -n "${2:-}" ] || { echo "bench: usage: tests/bench.sh against REV" >&2; exit 2; }
  against "$2"; exit 0
fi
# ovn-trace and ovn-detrace daemons (a session's repeated traces): the tools timed in the node pod, then whole engine
# runs one-shot and through a session; figures only
if [ "${1:-}" = daemon ]; then
  echo "ovntrace bench: ovn-trace --detach daemon against one-shot ovn-trace, docs example"
  java -cp "$CP" tests/bench/DaemonBench.java "$KUBECONFIG" "$RUNS"
  exit 0
fi

echo "ovntrace bench: cross-node pod-to-pod (docs example, UDP 53), $RUNS runs per variant, medians"
echo
echo "1. engine in a warm JVM"
printf '   %-34s %10s %11s %6s %15s %14s\n' "" "wall ms" "exec calls" "exit" "busy core ms" "of it client"
declare -A ms calls busy client
while read -r variant m c x u k; do
  ms[$variant]=$m; calls[$variant]=$c; busy[$variant]=$u; client[$variant]=$k
  case $variant in
    batched) label="ovntrace (batched, in parallel)" ;;
    upstream-only) label="upstream steps only, batched" ;;
    *) label="one exec per command, in order" ;;
  esac
  printf '   %-34s %10s %11s %6s %15s %14s\n' "$label" "$m" "$c" "$x" "$u" "$k"
done < <(java -cp "$CP" tests/bench/TraceBench.java "$KUBECONFIG" "$RUNS")
# busy core ms: the whole machine's CPU time during a run (client, API server, the nodes' commands and databases,
# and whatever else runs), median per run; spread over every core it is a floor under that run's wall time. "of it
# client": the engine's JVM's own CPU time; the rest is the cluster's side, which only fewer or cheaper commands lower
awk -v b="${ms[batched]}" -v u="${busy[batched]}" -v s="${ms[sequential]}" -v k="$(nproc)" -v c="${client[batched]}" 'BEGIN {
  if (u < 0) exit
  printf "   batched: the machine was busy %.0f%% of the wall time on %d cores; CPU floor %.0f ms = %.2f of the one-after-another time\n",
         100 * u / (b * k), k, u / k, u / k / s
  printf "   of that floor, the client %.0f ms and the cluster side (the tools on the nodes, databases, API server) %.0f ms\n", c / k, (u - c) / k
}'

# one CLI run: prints the process wall time in ms
cli() {
  local t0 t1
  t0=$(date +%s%N)
  NO_COLOR=1 java -cp "$CP" ovntrace "${ARGS[@]}" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "2. command line, a fresh JVM per run"
for variant in batched sequential; do
  extra=(); [ "$variant" = sequential ] && extra=(--sequential)
  times=$(for _ in $(seq "$RUNS"); do cli "${extra[@]}"; done | median)
  label=$([ "$variant" = batched ] && echo "ovntrace" || echo "ovntrace --sequential")
  printf '   %-34s %10s ms\n' "$label" "$times"
done
echo
awk -v b="${ms[batched]}" -v s="${ms[sequential]}" -v c="${calls[batched]}" -v u="${calls[upstream-only]}" 'BEGIN {
  r = b / s
  printf "engine wall time ratio %.2f (target <= 0.50): %s; exec calls %d (target 2): %s; upstream steps only %d (target 2): %s\n",
         r, (r <= 0.5 ? "met" : "MISSED"), c, (c <= 2 ? "met" : "MISSED"), u, (u <= 2 ? "met" : "MISSED")
  # issue 14 asks more of the same ratio; reported, not part of the exit code, which stays the one-exec-per-node check
  printf "issue 14: under 0.25 of the one-after-another time: %s\n", (r < 0.25 ? "met" : "MISSED")
  exit (r <= 0.5 && c <= 2 && u <= 2) ? 0 : 1
}'
