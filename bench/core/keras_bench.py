"""Keras (TensorFlow CPU) timing of the two benchmark models; prints one JSON line per model.

Run with /tmp/venvtest/env/bin/python; argv[1] = intra- and inter-op thread count.
"""
import json
import os
import sys
import time

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402
from tensorflow.keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(threads)
tf.config.threading.set_inter_op_parallelism_threads(threads)
tf.random.set_seed(0)
rng = np.random.default_rng(0)


def small_cnn():
    return keras.Sequential([
        keras.Input((64, 64, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(1, activation="sigmoid")])


def block(x, f):
    x = layers.Conv2D(f, 3, padding="same", activation="relu")(x)
    return layers.Conv2D(f, 3, padding="same", activation="relu")(x)


def unet(base=16):
    inp = keras.Input((64, 64, 1))
    e1 = block(inp, base)
    e2 = block(layers.MaxPooling2D(2)(e1), 2 * base)
    m = block(layers.MaxPooling2D(2)(e2), 4 * base)
    d2 = block(layers.Concatenate()([layers.Conv2DTranspose(2 * base, 2, strides=2, padding="same")(m), e2]), 2 * base)
    d1 = block(layers.Concatenate()([layers.Conv2DTranspose(base, 2, strides=2, padding="same")(d2), e1]), base)
    return keras.Model(inp, layers.Conv2D(1, 1, activation="sigmoid")(d1))


def run(name, model, x, y, batch):
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x[:batch], y[:batch], batch_size=batch, epochs=1, verbose=0)  # warm-up: tracing
    t0, c0 = time.perf_counter(), time.process_time()
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"model": name, "framework": "keras", "threads": threads, "version": tf.__version__,
                      "seconds": sec, "cpuSeconds": cpu, "samples": len(x)}), flush=True)


f32 = np.float32
run("cnn", small_cnn(), rng.standard_normal((512, 64, 64, 1)).astype(f32), rng.integers(0, 2, (512, 1)).astype(f32), 32)
run("unet", unet(), rng.standard_normal((64, 64, 64, 1)).astype(f32), rng.integers(0, 2, (64, 64, 64, 1)).astype(f32), 8)
