# SPDX-License-Identifier: MIT
# Writes the PyTorch reference data for the Java VAE (vision/ConvVae, nn/VaeLoss, data/Checkpoint):
#   src/test/resources/fixtures/vae_b4.npz          forward values, loss parts, gradients, 5 Adam steps
#   src/test/resources/fixtures/vae_small_ckpt.npz  a small model's state_dict exactly as np.savez writes it
# Run from the repository root:  /usr/bin/python3 src/test/python/make_vae_fixtures.py
# Check that a checkpoint written by Java loads into the PyTorch twin:
#   /usr/bin/python3 src/test/python/make_vae_fixtures.py --check-checkpoint PATH.npz
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "..", "shared", "reference"))

import wm_models  # noqa: E402  (the PyTorch twin, ../shared/reference/wm_models.py)
from fixture_common import pattern_fill, state_dict_npz  # noqa: E402

OUT = os.path.join(REPO, "src", "test", "resources", "fixtures")
BATCH = 4
ADAM_STEPS = 5
LR = 1e-4
SAMPLES_PER_PARAM = 512      # gradients of tensors larger than this are stored at these many indices
FULL_LIMIT = 4096            # tensors up to this size are stored in full
FRAMES = os.path.join(REPO, "..", "shared", "reference", "carracing", "traj")


def dot_pattern(n):
    """The fixed direction each gradient is projected on (Java: VaeFixtureTest.dotPattern)."""
    i = np.arange(n, dtype=np.float64)
    return np.sin(1.7 * i + 0.1)


def input_batch():
    """Four 64x64 crops (rows 10..73, cols 16..79) of recorded CarRacing frames, CHW, in [0, 1]."""
    frames = []
    for name, k in [("seed_00_A_full_gas.npz", 1), ("seed_00_A_full_gas.npz", 4),
                    ("seed_03_B_sine_steer.npz", 2), ("seed_07_C_mixed.npz", 3)]:
        obs = np.load(os.path.join(FRAMES, name))["obs"][k]
        frames.append(obs[10:74, 16:80, :].transpose(2, 0, 1).astype(np.float32) / 255.0)
    return np.stack(frames).astype(np.float32)


def loss_parts(x, y, mu, logvar):
    """(reconstruction, kl before the clamp, kl after the clamp, total), as wm_models.vae_loss."""
    r = (x - y).pow(2).sum(dim=(1, 2, 3)).mean()
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)
    klc = torch.clamp(kl, min=wm_models.KL_TOL * wm_models.Z)
    return r, kl.mean(), klc.mean(), r + klc.mean(), kl


def run(model, x, eps):
    mu, logvar = model.encode(x)
    z = mu + torch.exp(0.5 * logvar) * eps
    y = model.decode(z)
    return mu, logvar, z, y


def sample_indices(n, rng):
    if n <= FULL_LIMIT:
        return np.arange(n, dtype=np.int64)
    return np.sort(rng.choice(n, size=SAMPLES_PER_PARAM, replace=False)).astype(np.int64)


def vae_fixture():
    torch.manual_seed(0)
    model = wm_models.VAE()
    pattern_fill(model)
    # wm_models.vae_loss is the definition; check that our split into parts adds up to it.
    x = torch.from_numpy(input_batch())
    gen = torch.Generator().manual_seed(1234)
    eps = torch.randn(BATCH, wm_models.Z, generator=gen)
    out = {"x": x.numpy(), "eps": eps.numpy()}

    mu, logvar, z, y = run(model, x, eps)
    r, kl, klc, total, kl_per_sample = loss_parts(x, y, mu, logvar)
    assert abs(total.item() - wm_models.vae_loss(x, y, mu, logvar).item()) < 1e-3
    model.zero_grad()
    total.backward()
    out.update(mu=mu.detach().numpy(), logvar=logvar.detach().numpy(), z=z.detach().numpy(),
               reconstruction=y.detach().numpy(),
               loss_parts=np.array([r.item(), kl.item(), klc.item(), total.item()], dtype=np.float64),
               kl_per_sample=kl_per_sample.detach().numpy().astype(np.float64))
    print("loss parts", out["loss_parts"], "kl per sample", out["kl_per_sample"])

    rng = np.random.default_rng(5)
    names = []
    for name, p in model.named_parameters():
        names.append(name)
        g = p.grad.detach().numpy().reshape(-1).astype(np.float64)
        idx = sample_indices(g.size, rng)
        out["grad_idx." + name] = idx
        out["grad." + name] = g[idx].astype(np.float32)
        out["grad_norm." + name] = np.array(np.sqrt(np.sum(g * g)), dtype=np.float64)
        out["grad_dot." + name] = np.array(np.dot(g, dot_pattern(g.size)), dtype=np.float64)
    out["param_names"] = np.array(names)

    # Five Adam steps, each with its own eps, on the same batch.
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    eps_steps = torch.randn(ADAM_STEPS, BATCH, wm_models.Z, generator=gen)
    losses = []
    for s in range(ADAM_STEPS):
        opt.zero_grad()
        mu, logvar, z, y = run(model, x, eps_steps[s])
        r, kl, klc, total, _ = loss_parts(x, y, mu, logvar)
        losses.append([r.item(), kl.item(), klc.item(), total.item()])
        total.backward()
        opt.step()
    out["adam_eps"] = eps_steps.numpy()
    out["adam_loss_parts"] = np.array(losses, dtype=np.float64)
    for name, p in model.named_parameters():
        v = p.detach().numpy().reshape(-1)
        out["adam_param." + name] = v[out["grad_idx." + name]].astype(np.float32)
    print("adam losses", out["adam_loss_parts"][:, 3])
    return out


def loss_fixture(out):
    """vae_loss alone on the fixture's x and reconstruction with latents chosen so that samples 0 and 1
    have KL above the floor of 16 (gradient flows) and samples 2 and 3 below it (clamped, no gradient)."""
    gen = torch.Generator().manual_seed(99)
    spread = torch.tensor([1.5, 1.2, 0.3, 0.2]).reshape(BATCH, 1)
    mu = (torch.randn(BATCH, wm_models.Z, generator=gen) * spread).requires_grad_()
    logvar = (0.5 * torch.randn(BATCH, wm_models.Z, generator=gen)).requires_grad_()
    x = torch.from_numpy(out["x"])
    y = torch.from_numpy(out["reconstruction"]).clone().requires_grad_()
    r, kl, klc, total, kl_per_sample = loss_parts(x, y, mu, logvar)
    k = kl_per_sample.detach().numpy()
    assert k[0] > 17 and k[1] > 17 and k[2] < 15 and k[3] < 15, k
    total.backward()
    out.update({"loss.mu": mu.detach().numpy(), "loss.logvar": logvar.detach().numpy(),
                "loss.parts": np.array([r.item(), kl.item(), klc.item(), total.item()], dtype=np.float64),
                "loss.kl_per_sample": k.astype(np.float64),
                "loss.dxhat": y.grad.numpy(), "loss.dmu": mu.grad.numpy(), "loss.dlogvar": logvar.grad.numpy()})
    print("loss fixture kl per sample", k)


class Small(nn.Module):
    """A small model with the VAE's layer kinds, for the checkpoint round trip from PyTorch to Java:
    3x10x10 -> conv k4 s2 -> 4x4x4, ReLU -> flatten 64 -> dense 8 -> 8x1x1 -> convT k5 s2 -> 3x5x5, sigmoid."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 4, 4, 2)
        self.fc = nn.Linear(64, 8)
        self.d1 = nn.ConvTranspose2d(8, 3, 5, 2)

    def forward(self, x):
        h = F.relu(self.c1(x)).reshape(x.shape[0], 64)
        return torch.sigmoid(self.d1(self.fc(h).reshape(x.shape[0], 8, 1, 1)))


def small_fixture(out):
    torch.manual_seed(7)
    small = Small()  # PyTorch's default initialisation, not the pattern: the file carries the weights
    x = torch.rand(2, 3, 10, 10, generator=torch.Generator().manual_seed(8))
    with torch.no_grad():
        y = small(x)
    np.savez(os.path.join(OUT, "vae_small_ckpt.npz"), **state_dict_npz(small))
    out["small.x"] = x.numpy()
    out["small.y"] = y.numpy()


def check_checkpoint(path):
    """Loads a Java-written VAE checkpoint into the PyTorch twin (strict) and runs it once."""
    arrays = np.load(path)
    model = wm_models.VAE()
    model.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files}, strict=True)
    with torch.no_grad():
        mu, logvar = model.encode(torch.full((1, 3, 64, 64), 0.5))
    print("loaded", path, "into wm_models.VAE; mu[0,:4] =", mu[0, :4].numpy())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check-checkpoint", help="load a Java-written VAE checkpoint into wm_models.VAE")
    args = ap.parse_args()
    if args.check_checkpoint:
        check_checkpoint(args.check_checkpoint)
        return
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    out = vae_fixture()
    loss_fixture(out)
    small_fixture(out)
    np.savez_compressed(os.path.join(OUT, "vae_b4.npz"), **out)
    print("wrote", os.path.join(OUT, "vae_b4.npz"), os.path.getsize(os.path.join(OUT, "vae_b4.npz")), "bytes")


if __name__ == "__main__":
    main()
