"""PyTorch CPU timing of the two benchmark models; prints one JSON line per model.

Run with Debian's /usr/bin/python3 (torch 1.13). Same data sizes, batch sizes and warm-up
as bench/core/training.ts so the numbers compare.
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
torch.manual_seed(0)


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 16 * 32, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU())


class UNet(nn.Module):
    def __init__(self, base=16):
        super().__init__()
        self.e1, self.e2, self.mid = block(1, base), block(base, 2 * base), block(2 * base, 4 * base)
        self.u2, self.d2 = nn.ConvTranspose2d(4 * base, 2 * base, 2, stride=2), block(4 * base, 2 * base)
        self.u1, self.d1 = nn.ConvTranspose2d(2 * base, base, 2, stride=2), block(2 * base, base)
        self.out = nn.Conv2d(base, 1, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(self.pool(e1))
        m = self.mid(self.pool(e2))
        d2 = self.d2(torch.cat([self.u2(m), e2], 1))
        d1 = self.d1(torch.cat([self.u1(d2), e1], 1))
        return torch.sigmoid(self.out(d1))


def run(name, model, x, y, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCELoss()

    def step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

    step(x[:batch], y[:batch])  # warm-up, as in the tfjs and Keras runs
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(x), batch):
        step(x[i:i + batch], y[i:i + batch])
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"model": name, "framework": "pytorch", "threads": torch.get_num_threads(),
                      "version": torch.__version__, "seconds": sec, "cpuSeconds": cpu, "samples": len(x)}), flush=True)


run("cnn", small_cnn(), torch.randn(512, 1, 64, 64), torch.randint(0, 2, (512, 1)).float(), 32)
run("unet", UNet(), torch.randn(64, 1, 64, 64), torch.randint(0, 2, (64, 1, 64, 64)).float(), 8)
