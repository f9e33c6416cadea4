"""Data loading and the small 3D U-Net shared by train.py and predict.py."""
import os

import nibabel as nib
import numpy as np
import torch
from torch import nn

NUM_CLASSES = 3  # 0 background, 1 primary tumour, 2 metastasis


def window(hu):
    """Soft-tissue window (-50..150 HU) scaled to 0..1."""
    return np.clip((hu.astype(np.float32) + 50.0) / 200.0, 0.0, 1.0)


def load_split(folder):
    """Whole volumes of one split: the split is by patient, so no slice crosses it."""
    names = sorted(os.listdir(os.path.join(folder, 'images')))
    images = [window(nib.load(os.path.join(folder, 'images', n)).get_fdata()) for n in names]
    masks = [np.asarray(nib.load(os.path.join(folder, 'masks', n)).dataobj).astype(np.int64) for n in names]
    return names, images, masks


def block(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(inplace=True),
        nn.Conv3d(cout, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(inplace=True),
    )


class UNet3D(nn.Module):
    """Two-level 3D U-Net; input sides must be even."""

    def __init__(self, features=(8, 16)):
        super().__init__()
        f1, f2 = features
        self.enc = block(1, f1)
        self.down = nn.MaxPool3d(2)
        self.mid = block(f1, f2)
        self.up = nn.ConvTranspose3d(f2, f1, 2, stride=2)
        self.dec = block(2 * f1, f1)
        self.head = nn.Conv3d(f1, NUM_CLASSES, 1)

    def forward(self, x):
        e = self.enc(x)
        m = self.mid(self.down(e))
        return self.head(self.dec(torch.cat([e, self.up(m)], dim=1)))


def dice_per_class(pred, truth):
    """Course convention: 1.0 when a class is absent from both masks."""
    out = []
    for c in range(1, NUM_CLASSES):
        p, t = pred == c, truth == c
        denom = p.sum() + t.sum()
        out.append(1.0 if denom == 0 else float(2 * (p & t).sum() / denom))
    return out
