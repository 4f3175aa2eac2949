# SPDX-License-Identifier: MIT
# Writes src/test/resources/fixtures/rng_big_seeds.npz: NumPy's own SeedSequence/PCG64 and
# RandomState outputs for seeds at and beyond 64 bits, which the shared references do not cover.
# The v0 part restates gym 2018's seeding.np_random (gym is not installed here): seed mod 2^64 ->
# SHA-512 of the decimal string -> first 8 bytes little-endian -> 32-bit words -> RandomState.seed.
# Run: /usr/bin/python3 src/test/python/rng_big_seeds.py
import hashlib
import math
import os

import numpy as np

SEEDS = [2**31 - 1, 2**32 + 5, 2**63 - 1, 2**64 - 1, 2**64 + 7, 2**70 + 3, 10**30]


def gym_key(seed):
    s = seed % 2**64
    v = int.from_bytes(hashlib.sha512(str(s).encode("utf8")).digest()[:8], "little")
    words = []
    while True:
        words.append(v & 0xFFFFFFFF)
        v >>= 32
        if v == 0:
            return words


def track_uniforms(rng):
    out = []
    for _ in range(12):
        out.append(rng.uniform(0, 2 * math.pi * 1 / 12))
        out.append(rng.uniform(150 / 3, 150))
    return out


def main():
    seedseq, raw, pcg_uni, mt_raw, mt_uni, keys, mt_late = [], [], [], [], [], [], []
    for s in SEEDS:
        seedseq.append(np.random.SeedSequence(s).generate_state(4, np.uint64))
        raw.append(np.random.PCG64(np.random.SeedSequence(s)).random_raw(8))
        pcg_uni.append(track_uniforms(np.random.Generator(np.random.PCG64(np.random.SeedSequence(s)))))
        key = gym_key(s)
        keys.append(key + [-1] * (2 - len(key)))
        rs = np.random.RandomState()
        rs.seed(key)
        mt_raw.append(rs.randint(0, 2**32, size=8, dtype=np.uint64))  # full 32-bit outputs
        rs.randint(0, 2**32, size=1240 - 8, dtype=np.uint64)
        mt_late.append(rs.randint(0, 2**32, size=16, dtype=np.uint64))  # outputs 1240..1255: across a twist
        rs = np.random.RandomState()
        rs.seed(key)
        mt_uni.append(track_uniforms(rs))
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "rng_big_seeds.npz")
    np.savez(out,
             seeds_decimal=np.array([str(s) for s in SEEDS]),
             seedseq_state_u64x4=np.array(seedseq, dtype=np.uint64),
             pcg64_first8_raw_u64=np.array(raw, dtype=np.uint64),
             pcg64_first24_track_uniforms=np.array(pcg_uni),
             gym_init_key_u32=np.array(keys, dtype=np.int64),
             mt_first8_raw_u32=np.array(mt_raw, dtype=np.uint64),
             mt_raw_u32_1240_to_1255=np.array(mt_late, dtype=np.uint64),
             mt_first24_track_uniforms=np.array(mt_uni))
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
