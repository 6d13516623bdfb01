# Sourced by the benchmarks: every process they start is added to PIDS and stopped on every exit
# path; `forget PID` after stopping one early. A stop makes sure: SIGTERM, then up to STOP_WAIT
# seconds (default 60: Palisade saves its index file as it stops, about 1.3 s per million entries)
# for the process to end. One still running then is killed (SIGKILL) and reported: stop_pid
# returns 1, and the script exits non-zero even if everything else went well.
PIDS=()
STOP_FAILED=0
stop_pid() {
    local pid=$1 i
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < ${STOP_WAIT:-60} * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        echo "process $pid still ran ${STOP_WAIT:-60} s after SIGTERM: killed (SIGKILL)" >&2
        STOP_FAILED=1
        return 1
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$? pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid" || true; done
    PIDS=()
    if ((STOP_FAILED && rc == 0)); then exit 1; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local keep=() p; for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
