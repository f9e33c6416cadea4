"""Rebuilds nsfwjs's MobileNetV2 backbone as a Keras 3 model: keras.applications.MobileNetV2
(weights=None, include_top=False) with every weight set by layer name from the tfjs model, checked
against the tfjs output on a fixed input, saved as .keras. Input: 224x224x3 in [0, 1] (nsfwjs's scale).

usage: python build_keras.py WEIGHTS_DIR OUT.keras   (WEIGHTS_DIR holds weights.bin, manifest.json, check.bin)
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402

src, out = sys.argv[1], sys.argv[2]
manifest = json.load(open(os.path.join(src, "manifest.json")))
flat = np.fromfile(os.path.join(src, "weights.bin"), dtype=np.float32)
by_layer = {}
for e in manifest["weights"]:
    n = int(np.prod(e["shape"]))
    name = e["name"].split("/")[-1]
    by_layer.setdefault(e["layer"], {})[name] = flat[e["offset"]:e["offset"] + n].reshape(e["shape"])

model = keras.applications.MobileNetV2(input_shape=(224, 224, 3), include_top=False, weights=None, alpha=1.0)
for layer in model.layers:
    if not layer.weights:
        continue
    if layer.name not in by_layer:
        sys.exit(f"tfjs model has no weights for layer {layer.name}")
    src_w = by_layer[layer.name]
    src_w.setdefault("kernel", src_w.get("depthwise_kernel"))
    layer.set_weights([src_w[w.name.split("/")[-1]] for w in layer.weights])

x = (np.arange(2 * 224 * 224 * 3) % 251 / 250).astype(np.float32).reshape(2, 224, 224, 3)
want = np.fromfile(os.path.join(src, "check.bin"), dtype=np.float32).reshape(2, 7, 7, 1280)
diff = float(np.abs(model.predict(x, verbose=0) - want).max())
if diff > 1e-3:
    sys.exit(f"Keras output differs from tfjs by {diff}")
model.save(out)
print(json.dumps({"max_abs_diff": diff, "keras": keras.__version__, "file": out}))
