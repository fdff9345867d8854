#!/usr/bin/env bash
# Regenerates screenshots/*.png from the demo: runs `go run ./demo` in a
# 100x30 tmux window, walks every screen with the keys a person would press,
# captures each with colours, and renders it with freeze (a tool pinned in
# screenshots/tools.mod, not linked into s3parts).
#   bash screenshots/take.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
work=$(mktemp -d)
trap 'tmux kill-session -t s3shots 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/demo" ./demo
freeze() { go tool -modfile=screenshots/tools.mod freeze "$@"; }

tmux kill-session -t s3shots 2>/dev/null || true
tmux new-session -d -s s3shots -x 100 -y 30 -e COLORTERM=truecolor "$work/demo --dir $work/data --big 209715200 2>$work/demo.log"

# wait_for TEXT: until the screen shows TEXT (60 s at most).
wait_for() {
  for _ in $(seq 1 600); do
    if tmux capture-pane -p -t s3shots | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "screen never showed: $1" >&2; tmux capture-pane -p -t s3shots >&2; exit 1
}
keys() { for k in "$@"; do tmux send-keys -t s3shots "$k"; sleep 0.15; done; }

# shot NAME: capture the screen with its colours and render it. freeze
# ignores "default colour" codes (SGR 39/49), so they become the default
# colours spelled out (a reset would also end a bold or a background).
fg='\x1b[38;2;220;220;220m' bg='\x1b[48;2;23;23;23m'
shot() {
  sleep 0.4
  tmux capture-pane -e -p -t s3shots |
    sed -e "s/\x1b\[39m/$fg/g" -e "s/\x1b\[49m/$bg/g" -e "s/\x1b\[39;49m/$fg$bg/g" > "$work/$1.ansi"
  freeze -l ansi "$work/$1.ansi" -o "$out/$1.png" --window --padding 20 --margin 0 --font.size 14 --background '#171717' >/dev/null
  echo "$out/$1.png"
}

wait_for "demo-versioned"
# The demo writes its largest object behind the UI: wait for it, then put
# the line that says so away.
wait_for "is written";                    keys g; shot buckets
keys W;                                   wait_for " uploads in ";        wait_for "abort rule"; shot workbench
keys Escape
keys Down Enter;                          wait_for "videos/";          shot objects
keys P;                                   wait_for "PRESET GUESS";     shot capabilities
keys Escape;                              wait_for "videos/"
keys Down Down Enter;                     wait_for "big-master.mov";   keys Enter
wait_for "a multipart object";            shot details
keys Escape Escape Escape Escape g Down Down Down Enter Down Enter
wait_for "restored.csv";                  keys Down v
wait_for "DELETE MARKER";                 shot versions
keys Escape V;                            wait_for "of the keys under";  shot versions-prefix
keys Escape Escape Escape Escape Escape g Down Down U
wait_for "backups/db-2026";               sleep 0.5; shot uploads
keys Enter;                               wait_for "missing";          shot parts
keys Escape Escape Escape Escape g Down Enter
wait_for "videos/"
keys Down Down Enter;                     wait_for "clip-64MiB.mp4"
keys Down c;                              wait_for "meets every rule"; shot planner
keys Tab C-u; tmux send-keys -t s3shots "8MiB"; sleep 0.3
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Down Down; wait_for "8 parts of 8 MiB"; shot planner-parts
keys C-s;                                 wait_for "completed and verified"; shot jobs
keys "?";                                 wait_for "Keys on this screen"; shot help
keys x Enter;                             wait_for "verified: size"; shot job-detail
