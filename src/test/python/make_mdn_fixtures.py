# SPDX-License-Identifier: MIT
# Writes the PyTorch reference fixtures for the MDN-RNN (memory M) and the controller C:
# forward values, the loss and every gradient, and the loss over 5 Adam steps.
# Run from anywhere:  /usr/bin/python3 src/test/python/make_mdn_fixtures.py
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "reference"))
sys.path.insert(0, HERE)
from wm_models import MDNRNN, Controller, mdn_loss, Z, A, H, K_MIX  # noqa: E402
from fixture_common import pattern_fill  # noqa: E402

OUT_DIR = os.path.join(ROOT, "src", "test", "resources", "fixtures")
T, B = 20, 3
ADAM_STEPS, LR, CLIP = 5, 1e-3, 1.0
SUBSET_STRIDE = 7  # final parameters after Adam: every 7th flat index (keeps the file small)


def wave(shape, amp, freq, phase):
    """Deterministic inputs: amp * sin(freq * i + phase) + 0.3 amp * cos(2.9 freq * i), i the flat index."""
    i = np.arange(int(np.prod(shape)), dtype=np.float64)
    v = amp * np.sin(freq * i + phase) + 0.3 * amp * np.cos(2.9 * freq * i)
    return v.astype(np.float32).reshape(shape)


def masked_mdn_loss(out, target, mask):
    """mdn_loss with a (T, B) 0/1 mask over time steps: the mean over unmasked (t, b) and all latent dims."""
    t, b, _ = out.shape
    o = out.reshape(t, b, Z, 3 * K_MIX)
    logpi, mu, logsigma = o.split(K_MIX, dim=-1)
    logpi = F.log_softmax(logpi, dim=-1)
    y = target.unsqueeze(-1)
    lognormal = -0.5 * ((y - mu) * torch.exp(-logsigma)).pow(2) - logsigma - 0.5 * math.log(2 * math.pi)
    nll = -torch.logsumexp(logpi + lognormal, dim=-1)  # (T, B, Z)
    return (nll.mean(dim=-1) * mask).sum() / mask.sum()


def flat_params(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).numpy()


def mdn_fixture():
    torch.manual_seed(0)
    model = MDNRNN()
    pattern_fill(model)
    x = wave((T, B, Z + A), 0.9, 0.37, 0.1)
    target = wave((T, B, Z), 1.2, 0.23, 0.5)
    mask = np.ones((T, B), dtype=np.float32)
    mask[14:, 1] = 0  # episode 1 ends after 14 steps, episode 2 after 7
    mask[7:, 2] = 0
    xt, yt, mt = torch.from_numpy(x), torch.from_numpy(target), torch.from_numpy(mask)

    d = {"x": x, "target": target, "mask": mask}
    h_seq, (h_n, c_n) = model.lstm(xt)
    out = model.head(h_seq)
    loss = mdn_loss(out, yt)
    assert abs(masked_mdn_loss(out, yt, torch.ones(T, B)).item() - loss.item()) < 1e-6
    model.zero_grad()
    loss.backward()
    d["out"] = out.detach().numpy()
    d["h"] = h_seq.detach().numpy()
    d["h_n"] = h_n.detach().numpy()[0]
    d["c_n"] = c_n.detach().numpy()[0]
    d["loss"] = np.array(loss.item(), dtype=np.float64)
    for name, p in model.named_parameters():
        d["grad." + name] = p.grad.numpy().copy()

    # torch.nn.utils.clip_grad_norm_ on these gradients (max norm 0.05, below the total so it clips): total norm and clipped head.bias.
    saved = [p.grad.clone() for p in model.parameters()]
    d["clip_norm_total"] = np.array(torch.nn.utils.clip_grad_norm_(model.parameters(), 0.05).item(), dtype=np.float64)
    d["clip_norm.head.bias"] = model.head.bias.grad.numpy().copy()
    for p, g in zip(model.parameters(), saved):
        p.grad.copy_(g)

    # The same with the mask: loss and gradients (biases in full, weights as a full array too: small enough).
    model.zero_grad()
    out = model(xt)
    mloss = masked_mdn_loss(out, yt, mt)
    mloss.backward()
    d["masked_loss"] = np.array(mloss.item(), dtype=np.float64)
    for name, p in model.named_parameters():
        if "bias" in name:
            d["masked_grad." + name] = p.grad.numpy().copy()
        else:
            d["masked_grad_norm." + name] = np.array(p.grad.norm().item(), dtype=np.float64)

    # Five Adam steps with clipping by value, as the paper trains M; the loss before each step.
    model.zero_grad()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    losses = []
    for _ in range(ADAM_STEPS):
        opt.zero_grad()
        loss = mdn_loss(model(xt), yt)
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), CLIP)
        opt.step()
        losses.append(loss.item())
    d["adam_losses"] = np.array(losses, dtype=np.float64)
    d["adam_final_loss"] = np.array(mdn_loss(model(xt), yt).item(), dtype=np.float64)
    flat = flat_params(model)
    idx = np.arange(0, flat.size, SUBSET_STRIDE, dtype=np.int64)
    d["adam_idx"] = idx
    d["adam_params"] = flat[idx]
    for name, p in model.named_parameters():
        d["adam_norm." + name] = np.array(p.detach().norm().item(), dtype=np.float64)
    return d


def controller_fixture():
    ctrl = Controller()
    pattern_fill(ctrl)
    nb = 4
    z = wave((nb, Z), 1.1, 0.41, 0.2)
    h = wave((nb, H), 0.7, 0.13, 0.9)
    zt, ht = torch.from_numpy(z), torch.from_numpy(h)
    d = {"z": z, "h": h}
    a = ctrl(zt, ht)
    loss = a.pow(2).sum()
    loss.backward()
    d["a"] = a.detach().numpy()
    d["loss"] = np.array(loss.item(), dtype=np.float64)
    d["grad.fc.weight"] = ctrl.fc.weight.grad.numpy().copy()
    d["grad.fc.bias"] = ctrl.fc.bias.grad.numpy().copy()
    opt = torch.optim.Adam(ctrl.parameters(), lr=LR)
    losses = []
    for _ in range(ADAM_STEPS):
        opt.zero_grad()
        loss = ctrl(zt, ht).pow(2).sum()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    d["adam_losses"] = np.array(losses, dtype=np.float64)
    d["adam_params"] = flat_params(ctrl)
    return d


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.set_num_threads(1)
    for name, d in (("mdn_rnn.npz", mdn_fixture()), ("mdn_controller.npz", controller_fixture())):
        path = os.path.join(OUT_DIR, name)
        np.savez_compressed(path, **d)
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
