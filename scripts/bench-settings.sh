#!/usr/bin/env bash
# Measures the W1 adapter step under the launcher's thread and allocator choices (each in a fresh JVM), to
# confirm what ./petal uses. Usage: scripts/bench-settings.sh [steps]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20}"
run() {
  local label="$1"; shift
  printf '%-40s ' "$label"
  env "$@" "$ROOT/petal" bench tiny --warmup 3 --steps "$STEPS" 2>/dev/null | sed 's/  */ /g'
}
run "glibc, BLAS threads = cores"       PETAL_ALLOCATOR=glibc OPENBLAS_NUM_THREADS=2 PETAL_JAVA_OPTS=-Dpetal.blas.threads=2
run "glibc, BLAS 1 thread"              PETAL_ALLOCATOR=glibc
run "jemalloc (no retention), BLAS 1"   MALLOC_CONF=dirty_decay_ms:10000 PETAL_ALLOCATOR=jemalloc
run "jemalloc + retention, BLAS 1"      PETAL_ALLOCATOR=jemalloc
run "jemalloc + retention, BLAS 2"      PETAL_ALLOCATOR=jemalloc OPENBLAS_NUM_THREADS=2 PETAL_JAVA_OPTS=-Dpetal.blas.threads=2
run "jemalloc + retention, 1 torch thread" PETAL_ALLOCATOR=jemalloc PETAL_THREADS=1
