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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--images', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    with open(os.path.join(args.model, 'normalisation.json')) as f:
        norm = json.load(f)
    model = keras.models.load_model(os.path.join(args.model, 'model.keras'))

    paths = sorted(glob.glob(os.path.join(args.images, '*.png')))
    x = np.stack([read_png(p, norm['img_size']) for p in paths]).astype('float32')
    x = (x - norm['mean']) / norm['std']
    probability = model.predict(x, batch_size=32, verbose=0).ravel()

    os.makedirs(os.path.dirname(args.out) or '.', exist_ok=True)
    pd.DataFrame({'filename': [os.path.basename(p) for p in paths],
                  'probability': np.clip(probability, 0, 1)}).to_csv(args.out, index=False)


if __name__ == '__main__':
    main()
