# Sourced by the benchmarks: every process they start is added to PIDS and stopped on every exit
# path (stop_pid waits up to 60 s: Palisade saves its index file as it stops); `forget PID` after
# stopping one early.
PIDS=()
stop_pid() {
    local pid=$1 i
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || return 0
    # up to 60 s: Palisade saves its index file as it stops (about 1.3 s per million entries)
    for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local keep=() p; for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
