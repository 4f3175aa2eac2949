// SPDX-License-Identifier: MIT
// Picks the state-pixel renderer of an environment version.
package org.worldmodels.env.render;

import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.FrameRenderer;

/** Factory: one renderer per environment (renderers keep per-track caches and scratch buffers). */
public final class StatePixels {
    private StatePixels() {}

    /** A new renderer for {@code version}: v0's OpenGL frames or v3's smoothscaled canvas. */
    public static FrameRenderer forVersion(EnvVersion version) {
        return switch (version) {
            case V0 -> new StatePixelsV0();
            case V3 -> new StatePixelsV3();
        };
    }
}
