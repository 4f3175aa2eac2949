// SPDX-License-Identifier: MIT
// The two CarRacing versions we reproduce: gym's 2018 v0 (the paper's) and Gymnasium's v3.
package org.worldmodels.env;

/** Which reference environment to reproduce (spec carracing.md section 8 lists the differences). */
public enum EnvVersion {
    /** gym CarRacing-v0 (2018): MT19937 seeding, velocity camera, OpenGL-style sharp 96x96 frames. */
    V0,
    /** Gymnasium CarRacing-v3: PCG64 seeding, body camera, anti-aliased frames box-filtered to 96x96. */
    V3;

    /** Parses "v0" / "v3" (case-insensitive) with a clear error otherwise. */
    public static EnvVersion parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "v0" -> V0;
            case "v3" -> V3;
            default -> throw new IllegalArgumentException("unknown environment version '" + s + "' (expected v0 or v3)");
        };
    }
}
