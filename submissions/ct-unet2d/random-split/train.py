"""2D U-Net trained on a Dataset of slices, split into train and validation at random."""
import argparse
import os

import nibabel as nib
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, random_split

from unet2d import UNet2D, window

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
parser.add_argument('--epochs', type=int, default=3)
args = parser.parse_args()
torch.manual_seed(1)
torch.set_num_threads(1)
os.makedirs(args.out, exist_ok=True)


class SliceDataset(Dataset):
    """Every axial slice of every subject in train/ and val/, pooled; volumes are read once and cached."""

    def __init__(self, root):
        self.items, self.cache = [], {}
        for split in ['train', 'val']:
            folder = os.path.join(root, split)
            for name in sorted(os.listdir(os.path.join(folder, 'images'))):
                depth = nib.load(os.path.join(folder, 'images', name)).shape[2]
                for z in range(depth):
                    self.items.append((folder, name, z))

    def __len__(self):
        return len(self.items)

    def volume(self, folder, name):
        if (folder, name) not in self.cache:
            image = window(nib.load(os.path.join(folder, 'images', name)).get_fdata())
            mask = np.asarray(nib.load(os.path.join(folder, 'masks', name)).dataobj).astype(np.int64)
            self.cache[(folder, name)] = (image, mask)
        return self.cache[(folder, name)]

    def __getitem__(self, i):
        folder, name, z = self.items[i]
        image, mask = self.volume(folder, name)
        return torch.tensor(image[:, :, z])[None], torch.tensor(mask[:, :, z])


dataset = SliceDataset(args.data)
# Leakage kept on purpose: neighbouring slices of one subject end up in both parts.
train_set, val_set = random_split(dataset, [0.8, 0.2])
model = UNet2D()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([0.3, 1.0, 12.0]))
for epoch in range(args.epochs):
    model.train()
    for x, y in DataLoader(train_set, batch_size=16, shuffle=True):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        correct = sum(float((model(x).argmax(1) == y).float().mean()) for x, y in DataLoader(val_set, batch_size=64))
    print(f'epoch {epoch} val pixel accuracy {correct / len(DataLoader(val_set, batch_size=64)):.3f}', flush=True)
torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
