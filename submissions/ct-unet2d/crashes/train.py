"""Stacks slices with a hard-coded volume depth from the course's MM-WHS data, so it crashes on other volumes."""
import argparse
import os

import numpy as np
import torch

from unet2d import load_subjects

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
args = parser.parse_args()

subjects = load_subjects(os.path.join(args.data, 'train'))
DEPTH = 200  # the depth of the course's scans, not of these
# ValueError: cannot reshape an array of 64×64×32 voxels into 200 slices of 64×64.
x = np.stack([v.reshape(DEPTH, 64, 64) for _, v, _ in subjects])
torch.save({'x': torch.tensor(x)}, os.path.join(args.out, 'model.pt'))
