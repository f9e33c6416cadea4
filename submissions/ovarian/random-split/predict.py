"""Segments each test volume slice by slice and keeps the input's geometry."""
import argparse
import os

import nibabel as nib
import numpy as np
import torch

from model2d import UNet2D, window

parser = argparse.ArgumentParser()
parser.add_argument('--model', required=True)
parser.add_argument('--images', required=True)
parser.add_argument('--out', required=True)
args = parser.parse_args()
torch.set_num_threads(1)
model = UNet2D()
model.load_state_dict(torch.load(os.path.join(args.model, 'model.pt')))
model.eval()
os.makedirs(args.out, exist_ok=True)
for name in sorted(os.listdir(args.images)):
    img = nib.load(os.path.join(args.images, name))
    volume = window(img.get_fdata())
    with torch.no_grad():
        slices = torch.tensor(np.moveaxis(volume, 2, 0).copy())[:, None]
        mask = np.moveaxis(model(slices).argmax(1).numpy(), 0, 2).astype(np.uint8)
    nib.save(nib.Nifti1Image(mask, img.affine), os.path.join(args.out, name))
