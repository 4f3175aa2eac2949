// SPDX-License-Identifier: MIT
// A FrameRenderer that draws nothing: physics tests and speed measurements without pixels.
package org.worldmodels.env;

/** Leaves the observation untouched. */
final class NoRenderer implements FrameRenderer {
    @Override
    public void render(RenderScene scene, byte[] rgb) {}
}
