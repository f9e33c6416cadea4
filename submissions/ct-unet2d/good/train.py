"""Trains the 2D U-Net on the slices of the train subjects; val subjects pick the epoch."""
import argparse
import csv
import os

import numpy as np
import torch
from torch import nn

from unet2d import UNet2D, dice, load_subjects, segment, slices_of

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
parser.add_argument('--epochs', type=int, default=8)
args = parser.parse_args()
torch.manual_seed(int(os.environ.get('MEDGRADE_SEED', '1')))
torch.set_num_threads(1)
os.makedirs(args.out, exist_ok=True)

train = load_subjects(os.path.join(args.data, 'train'))
val = load_subjects(os.path.join(args.data, 'val'))
x, y = slices_of(train)
# Lesions are on few slices: show each lesion slice three times per epoch.
lesion = torch.nonzero((y == 2).flatten(1).any(1)).flatten()
x, y = torch.cat([x, x[lesion], x[lesion]]), torch.cat([y, y[lesion], y[lesion]])


def soft_dice_loss(logits, target):
    probs = torch.softmax(logits, 1)
    onehot = nn.functional.one_hot(target, 3).permute(0, 3, 1, 2).float()
    inter = (probs * onehot).sum((0, 2, 3))
    denom = probs.sum((0, 2, 3)) + onehot.sum((0, 2, 3))
    return 1 - ((2 * inter + 1) / (denom + 1))[1:].mean()


model = UNet2D()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([0.3, 1.0, 12.0]))
best, rows = -1.0, []
for epoch in range(args.epochs):
    model.train()
    order = torch.randperm(len(x))
    for i in range(0, len(x), 16):
        idx = order[i:i + 16]
        optimizer.zero_grad()
        logits = model(x[idx])
        loss = loss_fn(logits, y[idx]) + soft_dice_loss(logits, y[idx])
        loss.backward()
        optimizer.step()
    scores = [[dice(segment(model, v), m, c) for c in (1, 2)] for _, v, m in val]
    val_bone, val_lesion = np.mean(scores, axis=0)
    rows.append({'epoch': epoch, 'val_dice_bone': val_bone, 'val_dice_lesion': val_lesion})
    print(f'epoch {epoch} val Dice bone {val_bone:.3f} lesion {val_lesion:.3f}', flush=True)
    if (val_bone + val_lesion) / 2 > best:
        best = (val_bone + val_lesion) / 2
        torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
with open(os.path.join(args.out, 'history.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
