"""Follows the course notebook's folder names instead of the addendum's, so it crashes."""
import argparse
import os

import nibabel as nib
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
args = parser.parse_args()

ct_dir = os.path.join(args.data, 'Data_Subsample', 'CT')
# FileNotFoundError: the grading data is laid out as train/images, not Data_Subsample/CT.
volumes = [nib.load(os.path.join(ct_dir, n)).get_fdata() for n in sorted(os.listdir(ct_dir))]
print('loaded', len(volumes), 'volumes of mean', np.mean([v.mean() for v in volumes]))
