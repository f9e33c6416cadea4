"""Feature extraction: the pretrained MobileNetV2 from /data/pretrained, frozen and cut at block 13, + logistic regression.

Usage: python train.py --data /data --out /out/model
Writes the backbone and the classifier to --out; predict.py needs nothing else.
"""
import argparse
import os
import pickle
import shutil

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score
from tensorflow import keras

from common import BACKBONE, features, load_backbone, load_split

SEED = 7


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    keras.utils.set_random_seed(SEED)
    pretrained = os.path.join(args.data, 'pretrained')
    backbone = load_backbone(pretrained)
    train_paths, y_train = load_split(os.path.join(args.data, 'train'))
    val_paths, y_val = load_split(os.path.join(args.data, 'val'))
    # 20 % of the slices show a lesion: balanced weights keep the 0.5 threshold meaningful.
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=0.01, class_weight='balanced', max_iter=5000))
    classifier.fit(features(backbone, train_paths), y_train)
    val_auc = roc_auc_score(y_val, classifier.predict_proba(features(backbone, val_paths))[:, 1])
    os.makedirs(args.out, exist_ok=True)
    shutil.copy(os.path.join(pretrained, BACKBONE), os.path.join(args.out, BACKBONE))
    with open(os.path.join(args.out, 'classifier.pickle'), 'wb') as f:
        pickle.dump(classifier, f)
    with open(os.path.join(args.out, 'history.csv'), 'w') as f:
        f.write(f'epoch,val_auc\n0,{val_auc:.4f}\n')
    print(f'val_auc={val_auc:.3f}')


if __name__ == '__main__':
    main()
