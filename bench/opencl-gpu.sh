#!/usr/bin/env bash
# The opencl backend on a machine with a GPU (issue #15): lists the devices, runs the conformance kit
# on the default device (the first GPU), the ONNX acceptance models against PyTorch, then times
# SGEMM, four convolution layers and whole models against simd. Prints everything to stdout; pass
# OUT=DIR to also keep the logs. Needs an OpenCL driver for the GPU (e.g. NVIDIA's, which installs
# libOpenCL.so.1 and /etc/OpenCL/vendors/nvidia.icd).
# Usage: bench/opencl-gpu.sh            DEVICE=P:D picks another OpenCL device.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
backend="opencl${DEVICE:+:$DEVICE}"
cd "$root"
source .mvn/find-jdk.sh && convoy_require_jdk && export JAVA_HOME=$CONVOY_JDK

echo "== devices"
./convoy backends 2>&1 | tee "$out/backends.txt"

echo "== conformance kit on ${DEVICE:-the default device}"
./mvnw -B -q -pl backends-opencl,formats-onnx -am install -DskipTests >/dev/null 2>&1
./mvnw -B -pl backends-opencl test ${DEVICE:+-Dconvoy.opencl.device=$DEVICE} 2>&1 \
  | grep -E "Tests run:|FAIL|ERROR" | tee "$out/tck.txt"

echo "== SGEMM and the four convolution layers"
modules="--enable-native-access=jocl,dev.convoy.backends.opencl --add-modules jdk.incubator.vector,ALL-MODULE-PATH"
modules="$modules --module-path app/target/modules"
for b in "$backend" simd; do
  "$JAVA_HOME/bin/java" $modules bench/scripts/BackendTimes.java "$b" 2>&1 | grep -v -e WARNING -e INFO \
    | tee -a "$out/layers.txt"
done

echo "== ONNX acceptance (the six torchvision models against PyTorch) on ${DEVICE:-the default device}"
./mvnw -B -pl formats-onnx test -Dtest=OnnxAcceptanceTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconvoy.onnx.backends=opencl ${DEVICE:+-Dconvoy.opencl.device=$DEVICE} 2>&1 \
  | grep -E "on opencl|Tests run:|FAIL" | tee "$out/onnx.txt"

run() { # name, then convoy bench arguments
  local name=$1
  shift
  echo "== $name"
  ./convoy bench "$@" 2>&1 | tail -3 | tee "$out/$name.txt"
}
for b in "$backend" simd; do
  tag=${b%%:*}
  run "lenet-train-$tag" lenet --batch 64 --train --warmup 20 --iters 50 --backend "$b"
  run "resnet18-b1-$tag" resnet18 --batch 1 --warmup 20 --iters 50 --backend "$b"
  run "resnet18-b8-$tag" resnet18 --batch 8 --warmup 5 --iters 20 --backend "$b"
  run "vgg16-b8-$tag" vgg16 --batch 8 --warmup 3 --iters 10 --backend "$b"
done
run "lenet-train-profile" lenet --batch 64 --train --warmup 10 --iters 20 --backend "$backend" --profile
echo "logs in $out"
