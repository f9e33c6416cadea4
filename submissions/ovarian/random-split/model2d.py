"""A small 2D U-Net for axial slices."""
import numpy as np
import torch
from torch import nn


def window(hu):
    return np.clip((hu.astype(np.float32) + 50.0) / 200.0, 0.0, 1.0)


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class UNet2D(nn.Module):
    def __init__(self, f=8, classes=3):
        super().__init__()
        self.enc, self.mid = block(1, f), block(f, 2 * f)
        self.up = nn.ConvTranspose2d(2 * f, f, 2, stride=2)
        self.dec, self.head = block(2 * f, f), nn.Conv2d(f, classes, 1)

    def forward(self, x):
        e = self.enc(x)
        return self.head(self.dec(torch.cat([e, self.up(self.mid(nn.functional.max_pool2d(e, 2)))], 1)))
