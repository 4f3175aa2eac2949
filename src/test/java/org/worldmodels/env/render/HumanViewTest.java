// SPDX-License-Identifier: MIT
// HumanView on recorded states: the camera puts the car, the road and the dashboard where they belong.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HumanViewTest {
    @Test
    void carRoadAndDashboardAreWhereTheCameraPutsThem() throws Exception {
        RecordedScene scene = new RecordedScene("carracing", 0);
        RecordedScene.Traj traj = RecordedScene.traj("carracing", 0, "C_mixed");
        scene.step(traj, 100, new double[4]); // full zoom, moving
        HumanView view = new HumanView();
        view.render(scene);
        int[] px = view.pixels();
        // the hull's origin is at (300, 300); its body polygon covers it
        assertEquals(0xcc0000, px[300 * HumanView.WIDTH + 300] & 0xffffff, "hull colour at the car's origin");
        // a tile centre near the car, projected by the view's own camera, is road grey (102..107)
        int tile = nearestTileCentre(scene, view);
        int x = (int) view.screenX(scene.track.x[tile], scene.track.y[tile]), y = (int) view.screenY(scene.track.x[tile], scene.track.y[tile]);
        int rgb = px[y * HumanView.WIDTH + x] & 0xffffff, r = rgb >> 16, g = rgb >> 8 & 255, b = rgb & 255;
        assertTrue(r == g && g == b && r >= 102 && r <= 107, String.format("road pixel at (%d,%d) of tile %d is #%06x", x, y, tile, rgb));
        // the dashboard strip is black left of the bars (below the score text)
        assertEquals(0, px[(HumanView.HEIGHT - 2) * HumanView.WIDTH + 60] & 0xffffff, "dashboard");
        ImageIO.write(view.image(), "png", new File("docs/img/render-human-seed00-C-step100.png"));
    }

    /** A track point (the midline between two tiles) about 10 m from the car, in the view. */
    private static int nearestTileCentre(RecordedScene scene, HumanView view) {
        int best = -1;
        double bestErr = Double.MAX_VALUE;
        for (int i = 0; i < scene.track.size(); i++) {
            double d = Math.hypot(scene.track.x[i] - scene.hullX, scene.track.y[i] - scene.hullY);
            double sx = view.screenX(scene.track.x[i], scene.track.y[i]), sy = view.screenY(scene.track.x[i], scene.track.y[i]);
            if (sx < 10 || sx > HumanView.WIDTH - 10 || sy < 10 || sy > 330) continue;
            if (Math.abs(d - 10) < bestErr) {
                bestErr = Math.abs(d - 10);
                best = i;
            }
        }
        return best;
    }
}
