"""One mask per test volume, on the input's grid (same shape and affine)."""
import argparse
import os

import nibabel as nib
import torch

from unet2d import UNet2D, segment, window

parser = argparse.ArgumentParser()
parser.add_argument('--model', required=True)
parser.add_argument('--images', required=True)
parser.add_argument('--out', required=True)
args = parser.parse_args()
torch.set_num_threads(1)
model = UNet2D()
model.load_state_dict(torch.load(os.path.join(args.model, 'model.pt')))
os.makedirs(args.out, exist_ok=True)
for name in sorted(os.listdir(args.images)):
    img = nib.load(os.path.join(args.images, name))
    mask = segment(model, window(img.get_fdata()))
    nib.save(nib.Nifti1Image(mask, img.affine), os.path.join(args.out, name))
