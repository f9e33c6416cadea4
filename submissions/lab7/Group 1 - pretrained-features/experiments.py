"""The lab's comparison on the frozen backbone's features: logistic regression, SVM and random forest
at 25/50/100 % of the training slices, with fitting time and validation AUC.

Usage: python experiments.py --data DIR > results/transfer_comparison.csv
(DIR laid out as the grading /data: train/, val/ and pretrained/.)
This sample covers feature extraction only; a full submission adds fine-tuning rows.
"""
import argparse
import os
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score
from sklearn.svm import SVC

from common import features, load_backbone, load_split

APPROACHES = {
    'feature_extraction': lambda: make_pipeline(StandardScaler(), LogisticRegression(C=0.01, class_weight='balanced', max_iter=5000)),
    'svm': lambda: make_pipeline(StandardScaler(), SVC(C=1.0, class_weight='balanced', probability=True, random_state=0)),
    'random_forest': lambda: RandomForestClassifier(n_estimators=300, class_weight='balanced', random_state=0),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    args = parser.parse_args()
    backbone = load_backbone(os.path.join(args.data, 'pretrained'))
    train_paths, y_train = load_split(os.path.join(args.data, 'train'))
    val_paths, y_val = load_split(os.path.join(args.data, 'val'))
    start = time.perf_counter()
    x_train = features(backbone, train_paths)
    feature_seconds = time.perf_counter() - start
    x_val = features(backbone, val_paths)
    order = np.random.default_rng(0).permutation(len(y_train))
    sys.stdout.write('approach,train_fraction,train_seconds,val_auc\n')
    for fraction in (0.25, 0.5, 1.0):
        keep = order[:int(round(fraction * len(order)))]
        for name, make in APPROACHES.items():
            start = time.perf_counter()
            model = make().fit(x_train[keep], y_train[keep])
            # Feature extraction time is shared by every approach, in proportion to the slices used.
            seconds = time.perf_counter() - start + feature_seconds * fraction
            auc = roc_auc_score(y_val, model.predict_proba(x_val)[:, 1])
            sys.stdout.write(f'{name},{fraction},{seconds:.1f},{auc:.3f}\n')


if __name__ == '__main__':
    main()
