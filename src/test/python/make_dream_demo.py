# SPDX-License-Identifier: MIT
# Inputs for a demonstration of `worldmodels dream` before V is trained: a randomly initialised VAE
# (PyTorch's default init, saved in our checkpoint layout) and an "episode" whose frames are that VAE's
# decodings of a synthetic series' mu, so real frames and dream frames come from the same decoder.
"""Usage: python3 make_dream_demo.py SERIES_FILE OUT_DIR [--seed 0] [--gain 25]
Writes OUT_DIR/vae.npz and OUT_DIR/<series name> (rollout layout: obs u1 (T,64,64,3), action, reward, done, seed).
The pictures are only as meaningful as a random decoder: this shows the mechanics, not a world model."""
import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "shared", "reference"))
from wm_models import VAE  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("series")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gain", type=float, default=25.0,
                    help="multiplies fc_dec.weight: a random decoder maps every z to nearly the same grey; the gain makes z's motion visible")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    vae = VAE()
    with torch.no_grad():
        vae.fc_dec.weight.mul_(args.gain)
    np.savez(os.path.join(args.out, "vae.npz"), **{k: v.detach().numpy() for k, v in vae.state_dict().items()})
    s = np.load(args.series)
    with torch.no_grad():
        x = vae.decode(torch.from_numpy(s["mu"].astype(np.float32))).numpy()  # (T, 3, 64, 64)
    obs = np.round(255 * x.transpose(0, 2, 3, 1)).astype(np.uint8)
    np.savez_compressed(os.path.join(args.out, os.path.basename(args.series)), obs=obs, action=s["action"],
                        reward=s["reward"], done=s["done"], seed=s["seed"])
    print("wrote", args.out)


if __name__ == "__main__":
    main()
