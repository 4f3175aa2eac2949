# SPDX-License-Identifier: MIT
# The PyTorch twin of `worldmodels train-rnn`: trains reference/wm_models.py's MDNRNN on the same series
# files with the same split, batch order, windows, eps, initial weights and hyper-parameters, and writes
# its held-out NLL curve, so the Java trainer can be compared with it (docs/memory.md).
"""Usage (the full comparison is in docs/memory.md):

    python3 train_mdn_reference.py SERIES_DIR OUT_DIR --steps 300 --batch 100 --seq-len 100 [--init FILE]

Without --init it draws PyTorch's default initialisation (torch.manual_seed(seed)) and saves it as
OUT_DIR/init.npz; pass that file to `worldmodels train-rnn --init` so both start from the same weights.
Writes OUT_DIR/torch_metrics.csv (step, lr, train_nll, heldout_nll), the same columns as metrics.csv.

The test fixture src/test/resources/fixtures/rnn_trainer.npz (RnnTrainerFixtureTest) comes from:

    python3 make_synthetic_series.py /tmp/fx/series --episodes 7 --steps 14 --seed 5
    python3 train_mdn_reference.py /tmp/fx/series /tmp/fx/out --steps 6 --batch 3 --seq-len 8 \
        --held-out 0.3 --seed 7 --eval-every 3 --lr 3e-3 --fixture ../resources/fixtures/rnn_trainer.npz

Batches are replayed exactly as memory/SeriesBatches.java draws them: SplitMix64 streams addressed by
(seed, stream, index), computed here with wrapping uint64 arithmetic.
"""
import argparse
import glob
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "shared", "reference"))
from wm_models import MDNRNN, Z, K_MIX  # noqa: E402

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SPLIT, ORDER, BATCH, EVAL = 0, 1, 2, 3
LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def mix(z):
    """SplitMix64's output function on a Python int (64-bit wrap)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def mix_vec(z):
    """The same on a uint64 array (numpy wraps on overflow)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


class SplitMix:
    """memory/BatchRandom.java: state starts at mix(mix(seed + stream * GOLDEN) + index)."""

    def __init__(self, seed, stream, index):
        self.state = mix((mix((seed + stream * GOLDEN) & M64) + index) & M64)

    def next_long(self):
        self.state = (self.state + GOLDEN) & M64
        return mix(self.state)

    def next_int(self, bound):
        return self.next_long() % bound

    def longs(self, n):
        i = np.arange(1, n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            out = mix_vec(np.uint64(self.state) + i * np.uint64(GOLDEN))
        self.state = (self.state + n * GOLDEN) & M64
        return out

    def gaussians(self, n):
        """Box-Muller, cosine half: sqrt(-2 ln(1 - u1)) cos(2 pi u2), u from 53 bits; rounded to float32."""
        u = (self.longs(2 * n) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        g = np.sqrt(-2.0 * np.log1p(-u[0::2])) * np.cos(2 * math.pi * u[1::2])
        return g.astype(np.float32)

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def load_series(folder):
    out = []
    for f in sorted(glob.glob(os.path.join(folder, "ep_*.npz"))):
        d = np.load(f)
        if d["mu"].shape[0] >= 2:
            out.append((os.path.basename(f), d["mu"].astype(np.float32), d["logvar"].astype(np.float32), d["action"].astype(np.float32)))
    return out


def sample_z(mu, lv, eps):
    """z = mu + exp(logvar / 2) eps as Java computes it (exp in double, rounded, float multiply-add)."""
    return mu + np.exp(0.5 * lv.astype(np.float64)).astype(np.float32) * eps


class Batches:
    """memory/SeriesBatches.java, line for line."""

    def __init__(self, series, batch, max_seq_len, held_out, seed):
        n = len(series)
        n_held = 0 if held_out == 0 or n < 2 else int(max(1, min(n - 1, math.floor(held_out * n + 0.5))))
        perm = SplitMix(seed, SPLIT, 0).permutation(n)
        held = set(perm[:n_held])
        self.train = [s for i, s in enumerate(series) if i not in held]
        self.held = [s for i, s in enumerate(series) if i in held]
        self.seq_len = min(max_seq_len, max(s[1].shape[0] - 1 for s in self.train))
        self.batch = min(batch, len(self.train))
        self.seed = seed
        self.order_epoch, self.order = -1, None

    def per_epoch(self):
        return (len(self.train) + self.batch - 1) // self.batch

    @staticmethod
    def fill(x, target, mask, b, s, start, eps):
        _, mu, lv, act = s
        T = x.shape[0]
        n = min(T, s[1].shape[0] - 1 - start)
        z = sample_z(mu[start:start + n + 1], lv[start:start + n + 1], eps[:n + 1])
        x[:n, b, :Z] = z[:n]
        x[:n, b, Z:] = act[start:start + n]
        target[:n, b] = z[1:n + 1]
        mask[:n, b] = 1

    def train_batch(self, step):
        bpe = self.per_epoch()
        epoch, slot = step // bpe, step % bpe
        if epoch != self.order_epoch:
            self.order = SplitMix(self.seed, ORDER, epoch).permutation(len(self.train))
            self.order_epoch = epoch
        frm = slot * self.batch
        size = min(self.batch, len(self.train) - frm)
        rng = SplitMix(self.seed, BATCH, step)
        T = self.seq_len
        eps_list = [self.train[self.order[frm + b]] for b in range(size)]
        starts = []
        for s in eps_list:
            tr = s[1].shape[0] - 1
            starts.append(rng.next_int(tr - T + 1) if tr > T else 0)
        eps = rng.gaussians(size * (T + 1) * Z).reshape(size, T + 1, Z)
        x = np.zeros((T, size, Z + 3), np.float32)
        target = np.zeros((T, size, Z), np.float32)
        mask = np.zeros((T, size), np.float32)
        for b, s in enumerate(eps_list):
            self.fill(x, target, mask, b, s, starts[b], eps[b])
        return x, target, mask

    def held_out_batches(self):
        out = []
        for frm in range(0, len(self.held), self.batch):
            group = self.held[frm:frm + self.batch]
            T = max(s[1].shape[0] - 1 for s in group)
            x = np.zeros((T, len(group), Z + 3), np.float32)
            target = np.zeros((T, len(group), Z), np.float32)
            mask = np.zeros((T, len(group)), np.float32)
            for b, s in enumerate(group):
                eps = SplitMix(self.seed, EVAL, frm + b).gaussians(s[1].shape[0] * Z).reshape(-1, Z)
                self.fill(x, target, mask, b, s, 0, eps)
            out.append((x, target, mask))
        return out


def masked_nll(out, target, mask):
    """Spec section 3's loss, mean over unmasked (t, b) and the 32 latent dims; returns (mean, count)."""
    T, B, _ = out.shape
    o = out.reshape(T, B, Z, 3 * K_MIX)
    logit, mu, logsigma = o.split(K_MIX, dim=-1)
    logpi = torch.log_softmax(logit, dim=-1)
    y = target.unsqueeze(-1)
    lognormal = -0.5 * ((y - mu) * torch.exp(-logsigma)).pow(2) - logsigma - LOG_SQRT_2PI
    nll = -torch.logsumexp(logpi + lognormal, dim=-1)  # (T, B, Z)
    count = mask.sum()
    return (nll * mask.unsqueeze(-1)).sum() / (count * Z), count


def held_out_nll(model, batches):
    total, count = 0.0, 0.0
    with torch.no_grad():
        for x, t, m in batches:
            loss, c = masked_nll(model(torch.from_numpy(x)), torch.from_numpy(t), torch.from_numpy(m))
            total += loss.item() * c.item()
            count += c.item()
    return total / count if count else float("nan")


def write_fixture(args, batches, rows):
    """Everything the Java test needs to replay this run: series, settings, first batch, both curves."""
    arrays = {}
    series = load_series(args.series)
    for i, (name, mu, lv, act) in enumerate(series):
        arrays[f"s{i}_mu"], arrays[f"s{i}_logvar"], arrays[f"s{i}_action"] = mu, lv, act
    arrays["n_series"] = np.int64(len(series))
    for k in ("batch", "seq_len", "steps", "seed", "eval_every"):
        arrays[k] = np.int64(getattr(args, k))
    arrays["held_out"] = np.float64(args.held_out)
    arrays["lr"] = np.float64(args.lr)
    x, t, m = batches.train_batch(0)
    arrays["batch0_x"], arrays["batch0_target"], arrays["batch0_mask"] = x, t, m
    arrays["train_nll"] = np.array([r[2] for r in rows[1:]], np.float64)
    arrays["heldout_nll"] = np.array([r[3] for r in rows], np.float64)
    np.savez_compressed(args.fixture, **arrays)
    print("wrote", args.fixture)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("series")
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--seq-len", type=int, default=999)
    ap.add_argument("--held-out", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--lr-floor", type=float, default=1e-5)
    ap.add_argument("--lr-decay", type=float, default=1.0)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--init", help="initial parameters (.npz state_dict); default: torch's init, saved to OUT/init.npz")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--fixture", help="test fixture mode: pattern init (fixture_common.py), write the series, the first batch "
                    "and the NLL curves to this .npz (src/test/resources/fixtures/rnn_trainer.npz)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    model = MDNRNN()
    if args.fixture:
        sys.path.insert(0, HERE)
        from fixture_common import pattern_fill
        pattern_fill(model)
    elif args.init:
        model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(args.init).items()})
    else:
        torch.manual_seed(args.seed)
        model = MDNRNN()
        np.savez(os.path.join(args.out, "init.npz"), **{k: v.detach().numpy() for k, v in model.state_dict().items()})
    batches = Batches(load_series(args.series), args.batch, args.seq_len, args.held_out, args.seed)
    held = batches.held_out_batches()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"{len(batches.train)} train, {len(batches.held)} held out; batch {batches.batch} x {batches.seq_len}")

    rows = [(0, args.lr, float("nan"), held_out_nll(model, held))]
    t0 = time.time()
    for step in range(args.steps):
        lr = (args.lr - args.lr_floor) * args.lr_decay ** step + args.lr_floor  # the paper code's schedule
        for g in opt.param_groups:
            g["lr"] = lr
        x, t, m = batches.train_batch(step)
        opt.zero_grad()
        loss, _ = masked_nll(model(torch.from_numpy(x)), torch.from_numpy(t), torch.from_numpy(m))
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), args.clip)
        opt.step()
        n = step + 1
        h = held_out_nll(model, held) if n % args.eval_every == 0 or n == args.steps else float("nan")
        rows.append((n, lr, loss.item(), h))
        if not math.isnan(h):
            print(f"step {n}: train {loss.item():.4f} held-out {h:.4f} ({time.time() - t0:.0f} s)", flush=True)
    if args.fixture:
        write_fixture(args, batches, rows)
    with open(os.path.join(args.out, "torch_metrics.csv"), "w") as f:
        f.write("step,lr,train_nll,heldout_nll\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]:.8g},{r[2]:.8g},{r[3]:.8g}\n")


if __name__ == "__main__":
    main()
