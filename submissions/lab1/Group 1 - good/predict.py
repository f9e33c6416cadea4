"""Lab 1: write P(malignant) for every row of the test table.

Usage: python predict.py --model /model --input /test/test.csv --out /out/predictions.csv
"""
import argparse
import pickle

import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--input', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    with open(f'{args.model}/model.pkl', 'rb') as f:
        saved = pickle.load(f)
    table = pd.read_csv(args.input)
    probability = saved['model'].predict_proba(table[saved['features']])[:, 1]
    pd.DataFrame({'id': table['id'], 'probability': probability}).to_csv(args.out, index=False)


if __name__ == '__main__':
    main()
