"""A small 2D U-Net for axial CT slices, and the data helpers train.py and predict.py share."""
import os

import nibabel as nib
import numpy as np
import torch
from torch import nn

CLASSES = 3  # 0 background, 1 bone, 2 lesion


def window(hu):
    """Hounsfield window -100..300 HU to 0..1: soft tissue and lesions spread out, bone saturates."""
    return np.clip((hu.astype(np.float32) + 100.0) / 400.0, 0.0, 1.0)


def load_subjects(folder):
    """(name, volume, mask) per subject: whole volumes, so the split stays by subject."""
    out = []
    for name in sorted(os.listdir(os.path.join(folder, 'images'))):
        volume = window(nib.load(os.path.join(folder, 'images', name)).get_fdata())
        mask = np.asarray(nib.load(os.path.join(folder, 'masks', name)).dataobj).astype(np.int64)
        out.append((name, volume, mask))
    return out


def slices_of(subjects):
    """Axial slices (last axis) of the given subjects only."""
    x = np.concatenate([np.moveaxis(v, 2, 0) for _, v, _ in subjects])
    y = np.concatenate([np.moveaxis(m, 2, 0) for _, _, m in subjects])
    return torch.tensor(x)[:, None], torch.tensor(y)


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet2D(nn.Module):
    def __init__(self, f=8):
        super().__init__()
        self.enc1, self.enc2, self.mid = block(1, f), block(f, 2 * f), block(2 * f, 4 * f)
        self.up2, self.dec2 = nn.ConvTranspose2d(4 * f, 2 * f, 2, stride=2), block(4 * f, 2 * f)
        self.up1, self.dec1 = nn.ConvTranspose2d(2 * f, f, 2, stride=2), block(2 * f, f)
        self.head = nn.Conv2d(f, CLASSES, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(nn.functional.max_pool2d(e1, 2))
        m = self.mid(nn.functional.max_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([e2, self.up2(m)], 1))
        return self.head(self.dec1(torch.cat([e1, self.up1(d2)], 1)))


def segment(model, volume):
    """Slice-by-slice argmax, back in the volume's axis order."""
    model.eval()
    with torch.no_grad():
        x = torch.tensor(np.moveaxis(volume, 2, 0).copy())[:, None]
        return np.moveaxis(model(x).argmax(1).numpy(), 0, 2).astype(np.uint8)


def dice(pred, truth, c):
    """Course convention: 1.0 when the class is absent from both."""
    p, t = pred == c, truth == c
    s = p.sum() + t.sum()
    return 1.0 if s == 0 else float(2 * (p & t).sum() / s)
