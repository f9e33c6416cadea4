"""Lab 8: Grad-CAM and saliency on a lesion classifier, and its robustness to noise, blur and contrast.

python lab8.py --data DIR   (DIR from `medgrade data ct-lesions --count 960 --seed 20250505 --masks`)
Writes figures/, results/ and the numbers quoted in findings.md.
"""
import argparse
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.metrics import balanced_accuracy_score, roc_auc_score

CLASSES = ["Normal", "Lesion"]
GROUPS = ["TP", "FP", "TN", "FN"]


def load_split(root, split):
    xs, ys, ms = [], [], []
    for label, cls in enumerate(CLASSES):
        folder = os.path.join(root, split, cls)
        for name in sorted(os.listdir(folder)):
            xs.append(plt.imread(os.path.join(folder, name)).astype("float32"))
            ys.append(label)
            mask = os.path.join(root, "masks", split, cls, name)
            ms.append(plt.imread(mask) > 0 if os.path.exists(mask) else np.zeros_like(xs[-1], bool))
    return np.stack(xs)[..., None], np.array(ys, "float32"), np.stack(ms)


def build_model(size):
    inp = tf.keras.Input((size, size, 1))
    x = inp
    for i, f in enumerate([16, 32, 32]):
        x = tf.keras.layers.Conv2D(f, 3, padding="same", activation="relu", name=f"conv{i + 1}")(x)
        if i < 2:
            x = tf.keras.layers.MaxPooling2D()(x)
    x = tf.keras.layers.GlobalMaxPooling2D()(x)
    logit = tf.keras.layers.Dense(1, name="logit")(x)  # sigmoid kept separate: Grad-CAM differentiates the logit
    out = tf.keras.layers.Activation("sigmoid")(logit)
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.003), loss="binary_crossentropy")
    return model


def explain(model, image):
    """Grad-CAM on conv3 and |d logit / d pixel|, both at image size, for the Lesion class."""
    head = tf.keras.Model(model.input, [model.get_layer("conv3").output, model.get_layer("logit").output])
    x = tf.convert_to_tensor(image[None])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        acts, logit = head(x)
    cam = tf.nn.relu(tf.reduce_sum(acts * tf.reduce_mean(tape.gradient(logit, acts), axis=(1, 2), keepdims=True), -1))[0]
    cam = tf.image.resize(cam[..., None], image.shape[:2]).numpy()[..., 0]
    sal = np.abs(tape.gradient(logit, x).numpy()[0, ..., 0])
    return [m / m.max() if m.max() > 0 else m for m in (cam, sal)]


def blur(img, sigma):
    r = max(1, int(np.ceil(3 * sigma)))
    k = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * sigma ** 2))
    k /= k.sum()
    pad = np.pad(img, r, mode="edge")
    rows = np.apply_along_axis(lambda v: np.convolve(v, k, "valid"), 1, pad)
    return np.apply_along_axis(lambda v: np.convolve(v, k, "valid"), 0, rows)


def corrupt(x, kind, level, rng):
    if kind == "noise":
        return np.clip(x + level * rng.standard_normal(x.shape), 0, 1).astype("float32")
    if kind == "blur":
        return np.stack([blur(i[..., 0], level)[..., None] for i in x]).astype("float32") if level > 0 else x
    mean = x.mean(axis=(1, 2, 3), keepdims=True)
    return np.clip(mean + level * (x - mean), 0, 1).astype("float32")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    tf.keras.utils.set_random_seed(1)
    xtr, ytr, _ = load_split(args.data, "train")
    xva, yva, _ = load_split(args.data, "val")
    xte, yte, mte = load_split(args.data, "test")
    model = build_model(xtr.shape[1])
    weights = {0: len(ytr) / (2 * (ytr == 0).sum()), 1: len(ytr) / (2 * (ytr == 1).sum())}
    model.fit(xtr, ytr, validation_data=(xva, yva), epochs=args.epochs, batch_size=16, class_weight=weights, verbose=2)

    p = model.predict(xte, verbose=0)[:, 0]
    pred = (p >= 0.5).astype(int)
    print(f"test ROC AUC {roc_auc_score(yte, p):.3f}, balanced accuracy {balanced_accuracy_score(yte, pred):.3f}")
    groups = {"TP": (yte == 1) & (pred == 1), "FP": (yte == 0) & (pred == 1), "TN": (yte == 0) & (pred == 0), "FN": (yte == 1) & (pred == 0)}
    print({g: int(v.sum()) for g, v in groups.items()})

    os.makedirs("figures", exist_ok=True)
    os.makedirs("results", exist_ok=True)
    for g in GROUPS:
        idx = np.flatnonzero(groups[g])[:4]
        for method, which in (("gradcam", 0), ("saliency", 1)):
            fig, axes = plt.subplots(1, max(1, len(idx)), figsize=(2.2 * max(1, len(idx)), 2.4), squeeze=False)
            for ax, i in zip(axes[0], idx):
                ax.imshow(xte[i, ..., 0], cmap="gray")
                ax.imshow(explain(model, xte[i])[which], cmap="magma", alpha=0.45)
                if mte[i].any():
                    ax.contour(mte[i], levels=[0.5], colors="lime", linewidths=0.8)
                ax.set_title(f"p={p[i]:.2f}", fontsize=8)
            for ax in axes[0]:
                ax.axis("off")
            fig.suptitle(f"{method} {g}" + ("" if len(idx) else " (empty group)"), fontsize=9)
            fig.savefig(f"figures/{method}_{g}.png", dpi=80, bbox_inches="tight")
            plt.close(fig)

    rows = []
    for method, which in (("gradcam", 0), ("saliency", 1)):
        inside, chance = [], []
        for i in np.flatnonzero(yte == 1):
            m = explain(model, xte[i])[which]
            inside.append(m[mte[i]].sum() / m.sum() if m.sum() > 0 else mte[i].mean())
            chance.append(mte[i].mean())
        rows.append({"method": method, "mass_in_lesion": np.mean(inside), "chance": np.mean(chance), "n": len(inside)})
    pd.DataFrame(rows).to_csv("results/localisation.csv", index=False)
    print(pd.DataFrame(rows))

    rng = np.random.default_rng(1)
    levels = {"noise": [0, 0.05, 0.1, 0.3], "blur": [0, 1, 1.5, 3], "contrast": [1, 0.6, 0.4, 0.1]}
    rob = []
    for kind, ls in levels.items():
        for level in ls:
            pc = model.predict(corrupt(xte, kind, level, rng), verbose=0)[:, 0]
            rob.append({"corruption": kind, "level": level, "roc_auc": roc_auc_score(yte, pc),
                        "balanced_accuracy": balanced_accuracy_score(yte, (pc >= 0.5).astype(int))})
    rob = pd.DataFrame(rob)
    rob.to_csv("results/robustness.csv", index=False)
    print(rob)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3))
    for ax, (kind, part) in zip(axes, rob.groupby("corruption", sort=False)):
        ax.plot(part["level"], part["roc_auc"], "o-", label="ROC AUC")
        ax.plot(part["level"], part["balanced_accuracy"], "s--", label="balanced accuracy")
        ax.set_xlabel(f"{kind} strength")
        ax.set_ylim(0, 1)
    axes[0].legend(fontsize=8)
    fig.savefig("figures/robustness.png", dpi=80, bbox_inches="tight")


if __name__ == "__main__":
    main()
