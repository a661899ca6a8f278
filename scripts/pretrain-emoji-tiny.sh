#!/usr/bin/env bash
# Rebuilds models/emoji-tiny (the pipeline) and models/emoji-clip (the evaluator) from the emoji data, stage by
# stage, as they were made (docs/pretraining.md). Each stage resumes when re-run after an interruption.
# Usage: scripts/pretrain-emoji-tiny.sh [RUNS_DIR]   (default runs/pretrain; the data goes to RUNS_DIR/emoji;
#        the result is published to models/, or to $MODELS_DIR when set)
# On a shared machine: PETAL_THREADS=1 nice -n 10 scripts/pretrain-emoji-tiny.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-$ROOT/runs/pretrain}"
P="$ROOT/petal"
[ -f "$RUNS/emoji/noto/train/metadata.jsonl" ] || "$P" data emoji --out "$RUNS/emoji"
"$P" pretrain vae  --preset emoji-tiny --seed 0 --data "$RUNS/emoji" --out "$RUNS/vae" --resume
"$P" pretrain clip --preset emoji-tiny --seed 0 --data "$RUNS/emoji" --out "$RUNS/clip" --resume
# The UNet in three legs, as the shipped one was trained (docs/pretraining.md, "The UNet's three legs"):
#   A: 3,000 steps, cosine from 2e-4;  B: from A's last checkpoint on a 6,000-step cosine, paused at 4,750;
#   C: from B's checkpoint on a 7,000-step cosine, now with rare-word caption variants (p = 0.2).
UNET=(--preset emoji-tiny --seed 0 --data "$RUNS/emoji" --vae "$RUNS/vae/vae" --text-encoder "$RUNS/clip/text_encoder")
leg() { # leg OUT FROM_CHECKPOINT ARGS…: start OUT from a checkpoint of the previous leg unless OUT has its own
  local out="$1" from="$2"; shift 2
  if [ -n "$from" ] && [ ! -d "$out/checkpoints" ]; then
    mkdir -p "$out/checkpoints" && cp -r "$from" "$out/checkpoints/"
    cp "$from/../../loss.jsonl" "$out/" # the loss curve continues; resuming cuts it at the checkpoint's step
  fi
  "$P" pretrain unet "${UNET[@]}" --out "$out" --resume "$@"
}
if [ ! -d "$RUNS/unet/checkpoints" ]; then # legs A and B are done once leg C has started
  leg "$RUNS/unet-a" "" --steps 3000 --rare-words 0
  leg "$RUNS/unet-b" "$RUNS/unet-a/checkpoints/step-003000" --steps 6000 --rare-words 0 --until 4750
fi
leg "$RUNS/unet" "$RUNS/unet-b/checkpoints/step-004750" --steps 7000 --rare-words 0.2
"$P" pretrain eval --model "$RUNS/unet/model" --clip "$RUNS/clip/clip" --data "$RUNS/emoji" --out "$RUNS/eval"
"$P" pretrain card --runs "$RUNS" --out "${MODELS_DIR:-$ROOT/models}"   # models/emoji-tiny, models/emoji-clip, the model card
