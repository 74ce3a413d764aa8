#!/usr/bin/env bash
# Sourced by every benchmark script: prints, first, the machine the figures come from (CPU model,
# cores, the SIMD extensions that decide matmul speed) and the float32 FMA peak they imply for the
# threads a process uses, and exports it as MULTILENS_PEAK_GFLOPS for the Java benchmarks.
#   . benchmarks/machine.sh     (MULTILENS_BENCH_THREADS: threads a process uses; default the cores it may use)
# The peak is cores x clock x float32 FLOPs per cycle, the last from the vector units:
#   Intel with AVX-512F: 2 FMA units x 16 lanes x 2 = 64 (Xeon Gold/Platinum; 1-unit parts reach 32)
#   AMD Zen 4 (family 25 with AVX-512F): 512-bit FMAs run as two 256-bit halves = 32
#   AMD Zen 5 (family 26) with AVX-512F: 64;  AVX2 + FMA (Zen 2/3, Haswell on): 2 x 8 x 2 = 32;
#   AVX without FMA: 16; otherwise 8. The clock is lscpu's maximum, else /proc/cpuinfo's (in a VM
#   the nominal clock): turbo can beat this figure (a matmul above 100% of it means the cores boost),
#   AVX-512 down-clocking and shared cores fall short of it.
# The launcher's OpenMP waiting (bin/multilens: a short spin, GOMP_SPINCOUNT=3000, unless
# OMP_WAIT_POLICY or GOMP_SPINCOUNT is set): figures are what a multilens run gets. Long-spinning
# OpenMP threads also take the cores from PLND's Java q/k kernel between PyTorch operations.
if [ -z "${OMP_WAIT_POLICY+set}" ]; then
  export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-3000}"
elif [ -z "$OMP_WAIT_POLICY" ]; then
  unset OMP_WAIT_POLICY
fi
machine_threads=${MULTILENS_BENCH_THREADS:-$(nproc)}
machine_flags=$(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2 || true)      # none on some architectures
machine_has() { [[ " $machine_flags " == *" $1 "* ]]; }
machine_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs || true)
machine_vendor=$(grep -m1 'vendor_id' /proc/cpuinfo | cut -d: -f2 | xargs || true)
machine_family=$(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs || true)
machine_cpu_model=$(grep -m1 '^model\s*:' /proc/cpuinfo | cut -d: -f2 | xargs || true)
machine_family=${machine_family:-0}
machine_mhz=$(lscpu 2>/dev/null | sed -n 's/^CPU max MHz:\s*//p' | head -1)
[ -n "$machine_mhz" ] || machine_mhz=$(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | xargs || true)
machine_mhz=${machine_mhz:-0}                               # unknown clock: a peak of 0, printed as unknown
machine_simd=""
for f in avx2 fma avx512f avx512_bf16 amx_tile amx_bf16; do
  if machine_has "$f"; then machine_simd="$machine_simd $f"; fi
done
if machine_has avx512f; then
  if [ "$machine_vendor" = AuthenticAMD ] && [ "$machine_family" -lt 26 ]; then machine_fpc=32; else machine_fpc=64; fi
elif machine_has avx2 && machine_has fma; then machine_fpc=32
elif machine_has avx; then machine_fpc=16
else machine_fpc=8
fi
MULTILENS_PEAK_GFLOPS=$(awk -v t="$machine_threads" -v m="$machine_mhz" -v f="$machine_fpc" 'BEGIN { printf "%.1f", t * m / 1000 * f }')
MULTILENS_CPU="$machine_model (family $machine_family model $machine_cpu_model), $(nproc) cores usable,${machine_simd:- no AVX2}"
export MULTILENS_PEAK_GFLOPS MULTILENS_CPU
echo "machine: $MULTILENS_CPU; OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}, GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-unset}"
echo "float32 FMA peak: $MULTILENS_PEAK_GFLOPS GFLOP/s = $machine_threads threads x $(awk -v m="$machine_mhz" 'BEGIN { printf "%.2f", m / 1000 }') GHz x $machine_fpc FLOP/cycle"
