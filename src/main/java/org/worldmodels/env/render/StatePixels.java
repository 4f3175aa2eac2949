// SPDX-License-Identifier: MIT
// The state-pixel renderer of each environment version.
package org.worldmodels.env.render;

import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.FrameRenderer;

/** Picks the renderer that reproduces a version's observations. */
public final class StatePixels {
    private StatePixels() {}

    /** A new renderer (renderers hold scratch buffers: one per environment). */
    public static FrameRenderer of(EnvVersion version) {
        return switch (version) {
            case V0 -> new StatePixelsV0();
            case V3 -> new StatePixelsV3();
        };
    }
}
