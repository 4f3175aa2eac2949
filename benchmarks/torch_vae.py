"""PyTorch twin of VaeStackBenchmark (encoder conv stack + mu/logVar heads, decoder dense + convT
stack), batch 64, float32, no grad, to be run in the same sitting as the JMH figures.
    python3 torch_vae.py 1      (thread count)   -> one JSON line per stack: median and best ms
    python3 torch_vae.py 1 --cpu                 -> the same timed by the thread's CPU time
"""
import json
import statistics
import sys
import time

import torch
from torch import nn

threads = int(sys.argv[1])
clock = time.thread_time if "--cpu" in sys.argv else time.perf_counter
torch.set_num_threads(threads)
torch.manual_seed(0)
B = 64
enc = nn.Sequential(nn.Conv2d(3, 32, 4, 2), nn.ReLU(), nn.Conv2d(32, 64, 4, 2), nn.ReLU(),
                    nn.Conv2d(64, 128, 4, 2), nn.ReLU(), nn.Conv2d(128, 256, 4, 2), nn.ReLU(),
                    nn.Flatten(), nn.Linear(1024, 64))
dec = nn.Sequential(nn.Linear(32, 1024), nn.Unflatten(1, (1024, 1, 1)),
                    nn.ConvTranspose2d(1024, 128, 5, 2), nn.ReLU(), nn.ConvTranspose2d(128, 64, 5, 2), nn.ReLU(),
                    nn.ConvTranspose2d(64, 32, 6, 2), nn.ReLU(), nn.ConvTranspose2d(32, 3, 6, 2), nn.Sigmoid())
x = torch.rand(B, 3, 64, 64)
z = torch.randn(B, 32)


def timed(f, reps=15, min_s=0.2):
    for _ in range(3):
        f()
    ts = []
    for _ in range(reps):
        t0 = clock()
        n = 0
        while clock() - t0 < min_s or n == 0:
            f()
            n += 1
        ts.append((clock() - t0) / n)
    return statistics.median(ts) * 1e3, min(ts) * 1e3


with torch.no_grad():
    for name, f in (("encode", lambda: enc(x)), ("decode", lambda: dec(z))):
        med, best = timed(f)
        print(json.dumps(dict(name=name, threads=threads, torch=torch.__version__, median_ms=med, best_ms=best,
                         clock="cpu" if "--cpu" in sys.argv else "wall")))
