"""Trains the 3D U-Net on train/, picks the epoch by validation Dice on val/."""
import argparse
import csv
import os

import numpy as np
import torch
from torch import nn

from common import NUM_CLASSES, UNet3D, dice_per_class, load_split

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--out', required=True)
parser.add_argument('--epochs', type=int, default=40)
args = parser.parse_args()

torch.manual_seed(int(os.environ.get('MEDGRADE_SEED', '1')))
torch.set_num_threads(1)
os.makedirs(args.out, exist_ok=True)

_, train_x, train_y = load_split(os.path.join(args.data, 'train'))
_, val_x, val_y = load_split(os.path.join(args.data, 'val'))
x = torch.tensor(np.stack(train_x))[:, None]
y = torch.tensor(np.stack(train_y))

model = UNet3D()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=1e-4)
# Lesions are a tiny fraction of the voxels: weight them up.
weights = torch.tensor([0.2, 3.0, 5.0])
ce = nn.CrossEntropyLoss(weight=weights)


def soft_dice_loss(logits, target):
    probs = torch.softmax(logits, dim=1)
    onehot = nn.functional.one_hot(target, NUM_CLASSES).permute(0, 4, 1, 2, 3).float()
    inter = (probs * onehot).sum(dim=(0, 2, 3, 4))
    denom = probs.sum(dim=(0, 2, 3, 4)) + onehot.sum(dim=(0, 2, 3, 4))
    return 1 - ((2 * inter + 1) / (denom + 1))[1:].mean()


def predict(volume):
    model.eval()
    with torch.no_grad():
        return model(torch.tensor(volume)[None, None]).argmax(1)[0].numpy()


PATCH = (24, 24, 16)


def lesion_patch(i):
    """A random crop of volume i, centred near a lesion voxel two times in three: lesions are tiny."""
    shape = y.shape[1:]
    lesion = torch.nonzero(y[i] > 0)
    if len(lesion) and torch.rand(1).item() < 0.67:
        centre = lesion[torch.randint(len(lesion), (1,)).item()].tolist()
    else:
        centre = [torch.randint(s, (1,)).item() for s in shape]
    lo = [min(max(c - p // 2, 0), s - p) for c, p, s in zip(centre, PATCH, shape)]
    sl = tuple(slice(a, a + p) for a, p in zip(lo, PATCH))
    return x[i][(slice(None),) + sl], y[i][sl]


best, rows = -1.0, []
for epoch in range(args.epochs):
    model.train()
    total = 0.0
    for _ in range(len(x)):
        batch = [lesion_patch(torch.randint(len(x), (1,)).item()) for _ in range(4)]
        xb = torch.stack([b[0] for b in batch])
        yb = torch.stack([b[1] for b in batch])
        optimizer.zero_grad()
        logits = model(xb)
        loss = ce(logits, yb) + soft_dice_loss(logits, yb)
        loss.backward()
        optimizer.step()
        total += float(loss)
    val = np.mean([np.mean(dice_per_class(predict(v), m)) for v, m in zip(val_x, val_y)])
    rows.append({'epoch': epoch, 'loss': total, 'val_dice': float(val)})
    print(f'epoch {epoch} loss {total:.3f} val_dice {val:.3f}', flush=True)
    if val > best:
        best = val
        torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))

with open(os.path.join(args.out, 'history.csv'), 'w', newline='') as f:
    writer = csv.DictWriter(f, fieldnames=['epoch', 'loss', 'val_dice'])
    writer.writeheader()
    writer.writerows(rows)
print(f'best validation mean Dice {best:.3f}')
