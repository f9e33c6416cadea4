"""Write P(Lesion) for every PNG in a folder.

Usage: python predict.py --model /model --images /test --out /out/predictions.csv
"""
import argparse
import glob
import os

import numpy as np
import pandas as pd
from tensorflow import keras

from common import read_png


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--images', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    model = keras.models.load_model(os.path.join(args.model, 'model.keras'))
    paths = sorted(glob.glob(os.path.join(args.images, '*.png')))
    x = np.stack([read_png(p) for p in paths]).astype('float32')
    probability = model.predict(x, batch_size=64, verbose=0).ravel()
    os.makedirs(os.path.dirname(args.out) or '.', exist_ok=True)
    pd.DataFrame({'filename': [os.path.basename(p) for p in paths],
                  'probability': np.clip(probability, 0, 1)}).to_csv(args.out, index=False)


if __name__ == '__main__':
    main()
