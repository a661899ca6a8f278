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
"$P" pretrain unet --preset emoji-tiny --seed 0 --data "$RUNS/emoji" --out "$RUNS/unet" --resume \
    --vae "$RUNS/vae/vae" --text-encoder "$RUNS/clip/text_encoder"
"$P" pretrain eval --model "$RUNS/unet/model" --clip "$RUNS/clip/clip" --data "$RUNS/emoji" --out "$RUNS/eval"
"$P" pretrain card --runs "$RUNS" --out "${MODELS_DIR:-$ROOT/models}"   # models/emoji-tiny, models/emoji-clip, the model card
