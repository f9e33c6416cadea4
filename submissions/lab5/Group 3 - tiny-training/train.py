"""Train the lab 5 CNN on train/, monitor val/, and save it for predict.py.

Usage: python train.py --data /data --out /out/model [--strategy class_weights|none]
The imbalance comparison in results/imbalance_comparison.csv ran this script with both strategies.
"""
import argparse
import os

import numpy as np
from tensorflow import keras

from common import build_model, load_split

SEED = 5
EPOCHS = 1  # a quick run; there was no time left for more
STRATEGY = 'class_weights'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--strategy', default=STRATEGY, choices=['class_weights', 'none'])
    args = parser.parse_args()
    keras.utils.set_random_seed(SEED)

    x_train, y_train = load_split(os.path.join(args.data, 'train'))
    x_train, y_train = x_train[::8], y_train[::8]  # a subset, to finish quickly
    x_val, y_val = load_split(os.path.join(args.data, 'val'))
    class_weight = None
    if args.strategy == 'class_weights':
        # sklearn's "balanced": both classes carry the same total weight in the loss.
        n, pos = len(y_train), float(y_train.sum())
        class_weight = {0: n / (2 * (n - pos)), 1: n / (2 * pos)}

    os.makedirs(args.out, exist_ok=True)
    model = build_model()
    model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=EPOCHS, batch_size=32, shuffle=True,
              class_weight=class_weight, verbose=2,
              callbacks=[keras.callbacks.CSVLogger(os.path.join(args.out, 'history.csv'))])
    model.save(os.path.join(args.out, 'model.keras'))

    p = model.predict(x_val, verbose=0).ravel() >= 0.5
    sens = float(p[y_val == 1].mean())
    spec = float(1 - p[y_val == 0].mean())
    print(f'strategy={args.strategy} val_sensitivity={sens:.3f} val_specificity={spec:.3f}')


if __name__ == '__main__':
    main()
