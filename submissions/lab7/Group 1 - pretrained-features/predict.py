"""Write P(Lesion) for every PNG in a folder.

Usage: python predict.py --model /model --images /test --out /out/predictions.csv
"""
import argparse
import glob
import os
import pickle

import numpy as np
import pandas as pd

from common import features, load_backbone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--images', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    backbone = load_backbone(args.model)
    with open(os.path.join(args.model, 'classifier.pickle'), 'rb') as f:
        classifier = pickle.load(f)
    paths = sorted(glob.glob(os.path.join(args.images, '*.png')))
    probability = classifier.predict_proba(features(backbone, paths))[:, 1]
    os.makedirs(os.path.dirname(args.out) or '.', exist_ok=True)
    pd.DataFrame({'filename': [os.path.basename(p) for p in paths],
                  'probability': np.clip(probability, 0, 1)}).to_csv(args.out, index=False)


if __name__ == '__main__':
    main()
