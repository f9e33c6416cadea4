"""Lab 4: trains the same U-Net with each loss and writes results/loss_comparison.csv.

Usage: python compare_losses.py --data DIR   (run once by the group; not part of grading)
"""
import argparse
import os

import numpy as np
import pandas as pd
import tensorflow as tf

from common import build_unet, load_split
from train import ce_plus_dice, mean_dice, soft_dice_loss

LOSSES = {
    'cross_entropy': tf.keras.losses.SparseCategoricalCrossentropy(),
    'dice': soft_dice_loss,
    'cross_entropy+dice': ce_plus_dice,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--epochs', type=int, default=60)
    args = parser.parse_args()
    x_train, y_train = load_split(os.path.join(args.data, 'train'))
    x_val, y_val = load_split(os.path.join(args.data, 'val'))
    rows = []
    for name, loss in LOSSES.items():
        tf.keras.utils.set_random_seed(4)
        model = build_unet()
        model.compile(optimizer=tf.keras.optimizers.Adam(3e-3), loss=loss)
        model.fit(x_train, y_train, epochs=args.epochs, batch_size=8, verbose=0)
        pred = np.argmax(model.predict(x_val, verbose=0), axis=-1)
        rows.append({'loss': name, 'epochs': args.epochs, 'val_mean_dice': round(mean_dice(y_val.numpy(), pred), 4)})
        print(rows[-1])
    os.makedirs('results', exist_ok=True)
    pd.DataFrame(rows).to_csv(os.path.join('results', 'loss_comparison.csv'), index=False)


if __name__ == '__main__':
    main()
