// SPDX-License-Identifier: MIT
// Draws the 96x96 state-pixel observation of a scene; one implementation per environment version.
package org.worldmodels.env;

/** Renders {@link CarRacingConstants#STATE_H} x {@link CarRacingConstants#STATE_W} RGB pixels. */
public interface FrameRenderer {
    /**
     * Draws the observation of {@code scene} into {@code rgb} (96*96*3 bytes, row-major, rows top to
     * bottom, RGB interleaved: the layout of the reference's uint8 (96,96,3) array). Must not allocate.
     */
    void render(RenderScene scene, byte[] rgb);
}
