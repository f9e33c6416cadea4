"""Lab 1: a standardised logistic regression for malignant vs benign.

Usage: python train.py --data /data --out /out/model
The scaler is fitted on train/ only and saved with the model; val/ is used
only to report how well the model generalises.
"""
import argparse
import os
import pickle

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    table = pd.read_csv(path)
    features = table.drop(columns=['id', 'label'])
    target = (table['label'] == 'malignant').astype(int)
    return features, target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    x_train, y_train = load(os.path.join(args.data, 'train', 'data.csv'))
    x_val, y_val = load(os.path.join(args.data, 'val', 'data.csv'))
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    model.fit(x_train, y_train)

    p_val = model.predict_proba(x_val)[:, 1]
    val_accuracy = accuracy_score(y_val, p_val >= 0.5)
    val_auc = roc_auc_score(y_val, p_val)
    print(f'validation accuracy {val_accuracy:.3f}, validation AUC {val_auc:.3f}')

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'model.pkl'), 'wb') as f:
        pickle.dump({'model': model, 'features': list(x_train.columns)}, f)
    # One "epoch": the shape of a Keras CSVLogger file, so the grader can compare val and test.
    pd.DataFrame({'epoch': [0], 'val_accuracy': [val_accuracy], 'val_auc': [val_auc]}).to_csv(
        os.path.join(args.out, 'history.csv'), index=False)


if __name__ == '__main__':
    main()
