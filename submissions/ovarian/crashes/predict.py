"""Writes one mask per test volume, with the input's shape and affine."""
import argparse
import os

import nibabel as nib
import numpy as np
import torch

from common import UNet3D, window

parser = argparse.ArgumentParser()
parser.add_argument('--model', required=True)
parser.add_argument('--images', required=True)
parser.add_argument('--out', required=True)
args = parser.parse_args()

torch.set_num_threads(1)
model = UNet3D()
model.load_state_dict(torch.load(os.path.join(args.model, 'model.pt')))
model.eval()
os.makedirs(args.out, exist_ok=True)
for name in sorted(os.listdir(args.images)):
    img = nib.load(os.path.join(args.images, name))
    with torch.no_grad():
        mask = model(torch.tensor(window(img.get_fdata()))[None, None]).argmax(1)[0].numpy().astype(np.uint8)
    nib.save(nib.Nifti1Image(mask, img.affine, img.header), os.path.join(args.out, name))
print('wrote', len(os.listdir(args.out)), 'masks')
