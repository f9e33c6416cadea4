"""Lab 4: a 2D U-Net for five tissue classes on T1 MR slices.

Usage: python train.py --data /data --out /out/model
Trained with cross-entropy plus soft Dice (results/loss_comparison.csv compares the losses on val/).
"""
import argparse
import os

import numpy as np
import tensorflow as tf

from common import CLASSES, build_unet, load_split


def soft_dice_loss(y_true, y_pred):
    onehot = tf.one_hot(tf.cast(y_true[..., 0] if y_true.shape.rank == 4 else y_true, tf.int32), len(CLASSES))
    inter = tf.reduce_sum(onehot * y_pred, axis=[0, 1, 2])
    denom = tf.reduce_sum(onehot + y_pred, axis=[0, 1, 2])
    return 1.0 - tf.reduce_mean((2.0 * inter + 1.0) / (denom + 1.0))


def ce_plus_dice(y_true, y_pred):
    return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred)) + soft_dice_loss(y_true, y_pred)


def mean_dice(truth, pred):
    scores = []
    for c in range(1, len(CLASSES)):
        t, p = truth == c, pred == c
        if t.sum():
            scores.append(2 * (t & p).sum() / (t.sum() + p.sum()))
    return float(np.mean(scores))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--epochs', type=int, default=40)
    args = parser.parse_args()
    tf.keras.utils.set_random_seed(4)

    x_train, y_train = load_split(os.path.join(args.data, 'train'))
    x_val, y_val = load_split(os.path.join(args.data, 'val'))
    model = build_unet()
    model.compile(optimizer=tf.keras.optimizers.Adam(3e-3), loss=ce_plus_dice)
    os.makedirs(args.out, exist_ok=True)
    model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=args.epochs, batch_size=8, verbose=2,
              callbacks=[tf.keras.callbacks.CSVLogger(os.path.join(args.out, 'history.csv'))])
    pred = np.argmax(model.predict(x_val, verbose=0), axis=-1)
    print(f'validation mean Dice (64x64) {mean_dice(y_val.numpy(), pred):.3f}')
    model.save(os.path.join(args.out, 'unet.keras'))


if __name__ == '__main__':
    main()
