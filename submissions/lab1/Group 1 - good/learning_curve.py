"""Lab 1: learning curve on train/ and val/ only; writes results/learning_curve.csv.

Usage: python learning_curve.py --data DIR
"""
import argparse
import os

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from train import load


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    args = parser.parse_args()
    x_train, y_train = load(os.path.join(args.data, 'train', 'data.csv'))
    x_val, y_val = load(os.path.join(args.data, 'val', 'data.csv'))
    rows = []
    for fraction in [0.1, 0.25, 0.5, 1.0]:
        part = x_train.sample(frac=fraction, random_state=0)
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        model.fit(part, y_train[part.index])
        rows.append({'train_size': len(part),
                     'train_accuracy': accuracy_score(y_train[part.index], model.predict(part)),
                     'val_accuracy': accuracy_score(y_val, model.predict(x_val))})
    os.makedirs('results', exist_ok=True)
    pd.DataFrame(rows).to_csv('results/learning_curve.csv', index=False, float_format='%.4f')


if __name__ == '__main__':
    main()
