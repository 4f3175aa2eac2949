# SPDX-License-Identifier: MIT
# Writes src/test/resources/fixtures/pil_resize.npz: real CarRacing frames (both versions), cropped to
# rows 0..83 and resized 96x84 -> 64x64 by PIL's Image.BILINEAR, for FramePreprocessorTest.
# Run from the repository root: /usr/bin/python3 src/test/python/make_resize_fixtures.py
import os

import numpy as np
import PIL
from PIL import Image

SHARED = os.environ.get("WORLDMODELS_SHARED", os.path.join("..", "shared"))
OUT = os.path.join("src", "test", "resources", "fixtures", "pil_resize.npz")


def frames():
    """20 frames: per version and seed (v0: 0, 3; v3: 1, 4) the reset frame and, per script, the frames
    at steps 50 and the last stored step."""
    picked = []
    for version, seeds, scripts in (("carracing-v0", (0, 3), ("B_sine_steer", "C_mixed")),
                                    ("carracing", (1, 4), ("A_full_gas", "C_mixed"))):
        for s in seeds:
            picked.append(np.load(os.path.join(SHARED, "reference", version, "tracks", "seed_%02d.npz" % s))["reset_obs"])
            for script in scripts:
                t = np.load(os.path.join(SHARED, "reference", version, "traj", "seed_%02d_%s.npz" % (s, script)))
                obs = t["obs"]
                picked.append(obs[min(1, len(obs) - 1)])
                picked.append(obs[len(obs) - 1])
    return np.stack(picked)


def main():
    x = frames()  # (20, 96, 96, 3) uint8
    y = np.stack([np.asarray(Image.fromarray(f[0:84, :, :]).resize((64, 64), Image.BILINEAR)) for f in x])
    assert y.shape == (len(x), 64, 64, 3) and y.dtype == np.uint8
    np.savez_compressed(OUT, frames=x, resized=y, pil_version=np.array(PIL.__version__))
    print("wrote", OUT, x.shape, "->", y.shape, "with PIL", PIL.__version__)


if __name__ == "__main__":
    main()
