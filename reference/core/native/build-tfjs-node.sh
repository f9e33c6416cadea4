#!/usr/bin/env bash
# Builds tfjs-node's native addon against the TensorFlow C library that PyPI's `tensorflow`
# wheel ships (libtensorflow_cc.so.2 exports the TF_/TFE_ C API the addon calls), because
# tfjs-node's own install script downloads libtensorflow from a host that is not reachable
# offline. Result: .medgrade/tfjs-node/package, which reference/core/backend.ts tries first.
#
#   bash reference/core/native/build-tfjs-node.sh [PYTHON_WITH_TENSORFLOW]
# Needs: npm registry access (npm pack), g++, make, Node headers (/usr/include/node).
set -euo pipefail
PY="${1:-/tmp/venvtest/env/bin/python}"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="${MEDGRADE_TFJS_NODE_DIR:-$ROOT/.medgrade/tfjs-node}"
TFD="$("$PY" -c 'import importlib.util as u; print(u.find_spec("tensorflow").submodule_search_locations[0])')"
test -f "$TFD/libtensorflow_cc.so.2" || { echo "no libtensorflow_cc.so.2 in $TFD" >&2; exit 1; }
NODEDIR="$(dirname "$(dirname "$(command -v node)")")"
test -f "$NODEDIR/include/node/node_api.h" || { echo "Node headers not found under $NODEDIR/include/node" >&2; exit 1; }
GYP="$(dirname "$(dirname "$(command -v npm)")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"

mkdir -p "$OUT" && cd "$OUT"
rm -rf package deps && npm pack --silent @tensorflow/tfjs-node@4.22.0 >/dev/null && tar xzf tensorflow-tfjs-node-4.22.0.tgz
cd package
# The addon links -ltensorflow -ltensorflow_framework with rpath $ORIGIN/../../deps/lib.
mkdir -p deps/lib
for name in libtensorflow_cc.so.2 libtensorflow.so libtensorflow.so.2; do ln -sf "$TFD/libtensorflow_cc.so.2" "deps/lib/$name"; done
for name in libtensorflow_framework.so.2 libtensorflow_framework.so; do ln -sf "$TFD/libtensorflow_framework.so.2" "deps/lib/$name"; done
ln -sfn "$TFD/include" deps/include
node "$GYP" rebuild --nodedir="$NODEDIR" --module_name=tfjs_binding --module_path=lib/napi-v8 --napi_build_version=8 >"$OUT/build.log" 2>&1 \
  || { tail -20 "$OUT/build.log" >&2; exit 1; }
for v in 3 4 5 6 7 8; do mkdir -p "lib/napi-v$v" && cp build/Release/tfjs_binding.node "lib/napi-v$v/"; done
# Runtime dependencies: the project's own tfjs (one tfjs-core instance), plus two small packages.
mkdir -p node_modules && ln -sfn "$ROOT/node_modules/@tensorflow" node_modules/@tensorflow
npm install --silent --no-save --ignore-scripts --no-audit --no-fund --prefix "$OUT/deps" @mapbox/node-pre-gyp@1.0.9 google-protobuf@3 >/dev/null
for dep in "$OUT"/deps/node_modules/* "$OUT"/deps/node_modules/@mapbox; do
  name="$(basename "$dep")"; [ "$name" = "@tensorflow" ] || [ -e "node_modules/$name" ] || ln -sfn "$dep" "node_modules/$name"
done
node -e "const tf=require('$OUT/package'); console.log('tfjs-node built: TensorFlow C', tf.backend().binding.TF_Version)" 2>/dev/null
