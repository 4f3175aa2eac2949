# SPDX-License-Identifier: MIT
# Shared by the fixture scripts: deterministic parameter values that Java reproduces exactly
# (org.worldmodels.FixturePatterns), so fixtures need not store millions of initial weights.
import math

import numpy as np
import torch


def pattern_fill(module):
    """Sets every parameter, in named_parameters() order, to scale * sin(0.7 * g + 1.3), where g is the
    index in the concatenation of all parameters and scale = 1/sqrt(fan), fan = size/shape[0] for tensors
    of 2+ dims and shape[0] for vectors. Computed in float64, then rounded to float32."""
    g = 0
    with torch.no_grad():
        for _, p in module.named_parameters():
            n = p.numel()
            shape = tuple(p.shape)
            fan = n // shape[0] if len(shape) >= 2 else shape[0]
            scale = 1.0 / math.sqrt(fan)
            idx = np.arange(g, g + n, dtype=np.float64)
            vals = (scale * np.sin(0.7 * idx + 1.3)).astype(np.float32).reshape(shape)
            p.copy_(torch.from_numpy(vals))
            g += n


def state_dict_npz(module):
    """The module's parameters as a dict name -> float32 numpy array (our checkpoint layout)."""
    return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in module.state_dict().items()}
