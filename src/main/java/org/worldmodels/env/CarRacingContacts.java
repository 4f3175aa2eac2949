// SPDX-License-Identifier: MIT
// The contact listener of CarRacing: which road tiles were touched (drawn plain grey), visited by a
// wheel (rewarded once), and which tiles each wheel is on (road or grass friction).
package org.worldmodels.env;

import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.contacts.Contact;

/**
 * Tile bookkeeping from Box2D's begin/end contact events (spec carracing.md section 4, "Contacts").
 * Tile fixtures carry their index (an {@link Integer}) as user data, wheel bodies their {@link CarWheel};
 * the hull carries none. Events fire inside {@code World.step}, so the state lags the geometry by a step
 * exactly as in the reference. The reward itself is booked by the env from {@link #visitedCount()}.
 */
final class CarRacingContacts implements ContactListener {
    /** Fraction of the track that must be visited before reaching tile 0 counts as a lap (v1+). */
    static final double LAP_COMPLETE_PERCENT = 0.95;

    private final boolean[] touched;
    private final boolean[] visited;
    private int visitedCount;
    private boolean newLap;

    CarRacingContacts(int tiles) {
        touched = new boolean[tiles];
        visited = new boolean[tiles];
    }

    @Override
    public void beginContact(Contact contact) { onContact(contact, true); }

    @Override
    public void endContact(Contact contact) { onContact(contact, false); }

    private void onContact(Contact contact, boolean begin) {
        Fixture fa = contact.getFixtureA(), fb = contact.getFixtureB();
        Integer tile = null;
        Object other = null;
        if (fa.getUserData() instanceof Integer t) { tile = t; other = fb.getBody().getUserData(); }
        if (fb.getUserData() instanceof Integer t) { tile = t; other = fa.getBody().getUserData(); }
        if (tile == null) return;

        int i = tile;
        touched[i] = true;                      // any touch (hull too) drops the tile's 3-shade striping
        if (!(other instanceof CarWheel wheel)) return;   // only wheels count
        if (begin) {
            wheel.tileCount++;
            if (!visited[i]) {
                visited[i] = true;
                visitedCount++;
                // The lap rule of v1+: checked only when tile 0 is first visited, which the reset step
                // already does - so it never fires (kept to mirror the reference).
                if (i == 0 && (double) visitedCount / visited.length > LAP_COMPLETE_PERCENT) newLap = true;
            }
        } else {
            wheel.tileCount--;
        }
    }

    @Override
    public void preSolve(Contact contact, Manifold oldManifold) {}

    @Override
    public void postSolve(Contact contact, ContactImpulse impulse) {}

    boolean touched(int tile) { return touched[tile]; }

    boolean visited(int tile) { return visited[tile]; }

    int visitedCount() { return visitedCount; }

    boolean newLap() { return newLap; }
}
