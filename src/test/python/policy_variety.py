# SPDX-License-Identifier: MIT
# Measures how varied the frames of each exploration policy are (docs/vision.md, "Data"): for rollout
# folders written by `worldmodels generate --policy P`, prints the mean per-pixel standard deviation
# over all frames, the mean distance between frames 50 steps apart, and the share of the track visited.
# Usage: python3 policy_variety.py DIR [DIR ...]
import glob
import sys

import numpy as np

for folder in sys.argv[1:]:
    files = sorted(glob.glob(folder + "/ep_*.npz"))
    frames, gaps, track = [], [], []
    for f in files:
        d = np.load(f)
        obs = d["obs"].astype(np.float32) / 255
        frames.append(obs)
        if len(obs) > 50:
            gaps.append(np.abs(obs[50:] - obs[:-50]).mean())
        # reward = 1000/N per new tile - 0.1 per step, so (sum + 0.1 T) / 10 is the % of the track visited
        track.append((d["reward"].sum() + 0.1 * len(obs)) / 10)
    x = np.concatenate(frames)
    print(f"{folder}: {len(files)} episodes, {len(x)} frames; per-pixel std {x.std(axis=0).mean():.4f}; "
          f"mean |frame(t+50) - frame(t)| {np.mean(gaps):.4f}; track visited {np.mean(track):.1f}%")
