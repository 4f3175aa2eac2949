# SPDX-License-Identifier: MIT
# PyTorch twin of `worldmodels train-vae` for the fidelity check in docs/vision.md: the same initial
# parameters, the same frames in each batch (the order Java recorded with --record-order), the same eps
# (SplitMix64 addressed by (seed, step), replayed in NumPy) and the same held-out frames.
#   python3 train_vae_reference.py init OUT.npz [--seed S]       writes PyTorch's default init (state_dict npz)
#   python3 train_vae_reference.py train --rollouts DIR --order ORDER.csv --init OUT.npz --seed S
#         [--held-out 2] [--held-out-frames 1000] [--lr 1e-4] [--threads 2] [--csv OUT.csv]
# prints the held-out loss (z = mu) before training and after each epoch, and the mean training loss.
import argparse
import csv
import glob
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "shared", "reference"))
from wm_models import VAE, Z, KL_TOL  # noqa: E402

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
EPS_STREAM = 3  # vision/FrameRandom.EPS


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def mix_vec(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def gaussians(seed, stream, index, n):
    """vision/FrameRandom.of(seed, stream, index), n draws of nextGaussian() rounded to float32."""
    state = mix((mix((seed + stream * GOLDEN) & M64) + index) & M64)
    i = np.arange(1, 2 * n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        longs = mix_vec(np.uint64(state) + i * np.uint64(GOLDEN))
    u = (longs >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    return (np.sqrt(-2.0 * np.log1p(-u[0::2])) * np.cos(2 * math.pi * u[1::2])).astype(np.float32)


def chw(obs):
    """(N,64,64,3) uint8 -> (N,3,64,64) float32 in [0,1], as EpisodeFile.frameChw."""
    return torch.from_numpy(obs.transpose(0, 3, 1, 2).astype(np.float32) / np.float32(255))


def loss_parts(x, y, mu, logvar):
    r = (x - y).pow(2).sum(dim=(1, 2, 3))
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)
    return r, kl, torch.clamp(kl, min=KL_TOL * Z)


def held_out_frames(files, max_frames):
    """vision/HeldOutFrames: every k-th frame of the held-out episodes, at most max_frames."""
    eps = [np.load(f)["obs"] for f in files]
    total = sum(len(e) for e in eps)
    stride = max(1, (total + max_frames - 1) // max_frames)
    kept = np.concatenate([e[::stride] for e in eps])[:max_frames]
    return chw(kept)


def held_out_loss(model, x):
    with torch.no_grad():
        tot = 0.0
        for s in range(0, len(x), 100):
            xb = x[s:s + 100]
            mu, logvar = model.encode(xb)
            r, kl, klc = loss_parts(xb, model.decode(mu), mu, logvar)
            tot += float((r + klc).sum())
        return tot / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["init", "train"])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--rollouts")
    ap.add_argument("--order")
    ap.add_argument("--init")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--held-out", type=int, default=2)
    ap.add_argument("--held-out-frames", type=int, default=1000)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--csv")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.mode == "init":
        torch.manual_seed(a.seed)
        model = VAE()
        np.savez(a.out, **{k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()})
        return

    model = VAE()
    init = np.load(a.init)
    model.load_state_dict({k: torch.from_numpy(init[k]) for k in init.files})
    files = sorted(glob.glob(os.path.join(a.rollouts, "ep_*.npz")))
    held = held_out_frames(files[len(files) - a.held_out:], a.held_out_frames)
    obs = {}
    steps = {}
    with open(a.order) as f:
        for row in csv.DictReader(f):
            steps.setdefault(int(row["step"]), (int(row["epoch"]), []))[1].append((row["file"], int(row["t"])))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    rows = [(0, 0, float("nan"), held_out_loss(model, held))]
    print(f"step 0 held-out {rows[0][3]:.3f}")
    train_sum, train_n, t0 = 0.0, 0, time.time()
    last = max(steps)
    for step in range(1, last + 1):
        epoch, frames = steps[step]
        xs = []
        for name, t in frames:
            if name not in obs:
                obs[name] = np.load(os.path.join(a.rollouts, name))["obs"]
            xs.append(obs[name][t])
        x = chw(np.stack(xs))
        eps = torch.from_numpy(gaussians(a.seed, EPS_STREAM, step - 1, len(xs) * Z).reshape(len(xs), Z))
        mu, logvar = model.encode(x)
        y = model.decode(mu + torch.exp(0.5 * logvar) * eps)
        r, kl, klc = loss_parts(x, y, mu, logvar)
        loss = r.mean() + klc.mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        train_sum += float(loss)
        train_n += 1
        if step % 10 == 0:
            print(f"step {step}: loss {float(loss):.3f}", flush=True)
        if step == last or steps[step + 1][0] != epoch:
            h = held_out_loss(model, held)
            rows.append((step, epoch + 1, train_sum / train_n, h))
            print(f"epoch {epoch + 1} step {step}: mean train loss {train_sum / train_n:.3f}, held-out {h:.3f} "
                  f"({train_n * 100 / (time.time() - t0):.0f} img/s)")
            train_sum, train_n, t0 = 0.0, 0, time.time()
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("step,epoch,train_mean,heldout_total\n")
            for r_ in rows:
                f.write(",".join("NaN" if v != v else str(v) for v in r_) + "\n")


if __name__ == "__main__":
    main()
