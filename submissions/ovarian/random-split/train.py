"""2D U-Net on axial slices. Pools every slice of every patient, then splits the slices at random."""
import argparse
import os

import nibabel as nib
import numpy as np
import torch
from sklearn.model_selection import train_test_split
from torch import nn

from model2d import UNet2D, window

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
parser.add_argument('--epochs', type=int, default=3)
args = parser.parse_args()
torch.manual_seed(1)
torch.set_num_threads(1)
os.makedirs(args.out, exist_ok=True)

slices, labels = [], []
for split in ['train', 'val']:
    folder = os.path.join(args.data, split)
    for name in sorted(os.listdir(os.path.join(folder, 'images'))):
        volume = window(nib.load(os.path.join(folder, 'images', name)).get_fdata())
        mask = np.asarray(nib.load(os.path.join(folder, 'masks', name)).dataobj).astype(np.int64)
        for z in range(volume.shape[2]):
            slices.append(volume[:, :, z])
            labels.append(mask[:, :, z])
slices = np.stack(slices)
labels = np.stack(labels)

# Leakage kept on purpose: neighbouring slices of one patient land in both parts.
x_train, x_val, y_train, y_val = train_test_split(slices, labels, test_size=0.2, random_state=0)

model = UNet2D()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([0.2, 3.0, 5.0]))
xt, yt = torch.tensor(x_train)[:, None], torch.tensor(y_train)
for epoch in range(args.epochs):
    model.train()
    order = torch.randperm(len(xt))
    for i in range(0, len(xt), 16):
        idx = order[i:i + 16]
        optimizer.zero_grad()
        loss = loss_fn(model(xt[idx]), yt[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        pred = model(torch.tensor(x_val)[:, None]).argmax(1).numpy()
    print(f'epoch {epoch} val pixel accuracy {(pred == y_val).mean():.3f}', flush=True)
torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
