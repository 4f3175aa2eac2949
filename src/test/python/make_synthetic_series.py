# SPDX-License-Identifier: MIT
# Writes a deterministic synthetic series set (RUN/series layout) for training M before real encoded
# episodes exist: 32-dim latents driven by smooth random actions, with noise and a two-mode switch.
"""Synthetic "encoded episodes" with structure an MDN-RNN can learn and a copy baseline cannot:

    hidden state s_t (8): 4 damped oscillators (position, velocity) pushed by the actions
        v_{t+1} = 0.97 v_t - 0.05 p_t + 0.08 (B a_t) + 0.01 noise,   p_{t+1} = p_t + v_{t+1}
    mode m_t in {-1, +1}: flips with probability 0.02 per step (a jump the model must treat as a
        two-component mixture: after a flip dims 24..31 move to the other level)
    mu_t = tanh(W s_t) (dims 0..23) and 0.8 m_t + 0.1 tanh(W' s_t) (dims 24..31)
    logvar_t = log(sigma_d^2), sigma_d from 0.02 to 0.15 across dims, with a small wobble
    actions: a Brownian walk (steer in [-1, 1], gas and brake in [0, 1]), like a smooth random policy

Usage: python3 make_synthetic_series.py OUT_DIR [--episodes 100] [--steps 300] [--seed 0]
"""
import argparse
import os

import numpy as np


def episode(rng, W, W2, B, sig, steps):
    p = rng.normal(0, 0.5, 4)
    v = np.zeros(4)
    m = rng.choice([-1.0, 1.0])
    a = np.array([0.0, 0.5, 0.0])
    mu = np.zeros((steps, 32), np.float32)
    lv = np.zeros((steps, 32), np.float32)
    act = np.zeros((steps, 3), np.float32)
    for t in range(steps):
        s = np.concatenate([p, v])
        mu[t, :24] = np.tanh(W @ s)
        mu[t, 24:] = 0.8 * m + 0.1 * np.tanh(W2 @ s)
        lv[t] = np.log(sig ** 2) + 0.1 * np.sin(0.05 * t + np.arange(32))
        a = a + rng.normal(0, 0.15, 3)
        a = np.array([np.clip(a[0], -1, 1), np.clip(a[1], 0, 1), np.clip(a[2], 0, 1)])
        act[t] = a
        v = 0.97 * v - 0.05 * p + 0.08 * (B @ a) + 0.01 * rng.normal(0, 1, 4)
        p = p + v
        if rng.random() < 0.02:
            m = -m
    # Rewards and done flags are not used by M; a plausible shape keeps the files realistic.
    reward = (-0.1 + 0.5 * act[:, 1] * (mu[:, 0] > 0)).astype(np.float32)
    done = np.zeros(steps, bool)
    done[-1] = True
    return mu, lv, act, reward, done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--episodes", type=int, default=100)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    W = rng.normal(0, 0.8, (24, 8))
    W2 = rng.normal(0, 0.8, (8, 8))
    B = rng.normal(0, 1.0, (4, 3))
    sig = np.linspace(0.02, 0.15, 32)
    os.makedirs(args.out, exist_ok=True)
    for e in range(args.episodes):
        mu, lv, act, reward, done = episode(rng, W, W2, B, sig, args.steps)
        path = os.path.join(args.out, f"ep_{e:06d}.npz")
        np.savez_compressed(path + ".tmp.npz", mu=mu, logvar=lv, action=act, reward=reward, done=done, seed=np.int64(e))
        os.replace(path + ".tmp.npz", path)
    print(f"wrote {args.episodes} series of {args.steps} steps to {args.out}")


if __name__ == "__main__":
    main()
