// SPDX-License-Identifier: MIT
// The CarRacing environment on JBox2D: tiles as sensors, the car, reset and step with the reference's
// reward and termination rules for gym v0 and Gymnasium v3 (spec carracing.md sections 4-5 and 8).
package org.worldmodels.env;

import static org.worldmodels.env.CarRacingConstants.DT;
import static org.worldmodels.env.CarRacingConstants.MAX_STEPS;
import static org.worldmodels.env.CarRacingConstants.PLAYFIELD;
import static org.worldmodels.env.CarRacingConstants.POSITION_ITERATIONS;
import static org.worldmodels.env.CarRacingConstants.STATE_H;
import static org.worldmodels.env.CarRacingConstants.STATE_W;
import static org.worldmodels.env.CarRacingConstants.VELOCITY_ITERATIONS;

import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Rot;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.worldmodels.env.rng.TrackRandom;

/**
 * One CarRacing environment (thread-confined: use one instance per thread).
 *
 * <pre>
 *   CarRacing env = new CarRacing(EnvVersion.V0, renderer);
 *   byte[] obs = env.reset(track);                 // obs is owned by env, overwritten by every step
 *   StepResult r = env.step(steer, gas, brake);    // r too
 * </pre>
 * The observation is (96,96,3) uint8, row-major RGB, drawn by the {@link FrameRenderer} given to the
 * constructor from this object's {@link RenderScene} view after every world step.
 *
 * <p>Rewards (section 5): a running float64 sum gets +1000/N for every tile first visited by a wheel
 * (inside the world step) and -0.1 per step; the step reward is the difference of the sum since the
 * previous step, or -100 (replacing it) when the hull leaves the playfield.
 */
public final class CarRacing implements RenderScene {
    static {
        // JBox2D approximates sin/cos with a lookup table (step 1.1e-4 rad, up to 5.5e-5 rad off) in every
        // Rot.set, i.e. in the solver and the body transforms; Box2D 2.3.0 calls sinf/cosf. Exact values
        // are needed to follow the reference, so the table is switched off (a process-wide JBox2D setting).
        // JBox2D then gets (float) StrictMath.sin/cos, from our org.jbox2d.common.MathUtils, which
        // replaces the jar's to compute them without allocating (docs/environment.md, "Allocation").
        Settings.SINCOS_LUT_ENABLED = false;
    }

    private final EnvVersion version;
    private final FrameRenderer renderer;
    /** One world for the environment's life, reused by every reset as in the reference. */
    private final World world = new World(new Vec2(0f, 0f));
    private final byte[] observation = new byte[STATE_H * STATE_W * 3];
    private final StepResult result = new StepResult();

    /** The track RNG: set by reset(seed), continued by reset(). */
    private UniformSource trackRandom;
    private Track track;
    /** The static body carrying the tiles, and tile i's sensor fixture. */
    private Body road;
    private Fixture[] tiles;
    private Car car;
    private CarRacingContacts contacts;

    /** Running reward sum (the reference's env.reward) and its value after the previous step. */
    private double reward, prevReward;
    /** Tiles already added to {@link #reward}. */
    private int creditedTiles;
    /** Time: a running float64 sum of 0.02 per world step, 0.02 after reset. */
    private double t;
    /** Steps since reset (the reset step not counted). */
    private int steps;

    /** An environment that renders the version's own state pixels. */
    public CarRacing(EnvVersion version) {
        this(version, org.worldmodels.env.render.StatePixels.forVersion(version));
    }

    public CarRacing(EnvVersion version, FrameRenderer renderer) {
        this.version = version;
        this.renderer = renderer;
    }

    // ---- reset ----------------------------------------------------------------------------------

    /**
     * Reseeds the track RNG as the reference does for this version (v3: {@code reset(seed=s)}, PCG64;
     * v0: {@code env.seed(s); env.reset()}, MT19937) and starts an episode on the generated track.
     */
    public byte[] reset(long seed) {
        trackRandom = TrackRandom.forSeed(version, seed);
        return reset(TrackGenerator.generate(trackRandom));
    }

    /** Starts an episode on the next track of the current RNG stream (the reference's {@code reset()}). */
    public byte[] reset() {
        if (trackRandom == null) {
            throw new IllegalStateException("the first reset needs a seed: reset(seed) (runs are always seeded here)");
        }
        return reset(TrackGenerator.generate(trackRandom));
    }

    /**
     * Starts an episode on {@code track}: removes the previous tiles and car, creates the tiles (static
     * sensors) and the car at point 0, then runs the silent reset step (physics and render, no
     * action and no step reward; the two tiles under the car are already credited to the running sum).
     *
     * @return the observation buffer (owned by this env, overwritten by every step)
     */
    public byte[] reset(Track track) {
        destroyBodies();
        this.track = track;
        int n = track.size();
        contacts = new CarRacingContacts(n);
        world.setContactListener(contacts);
        reward = 0;
        prevReward = 0;
        creditedTiles = 0;
        t = 0;
        steps = 0;

        // The reference makes one static body per tile. Static bodies never move or join islands, so one
        // static body holding a fixture per tile behaves identically (same shapes, same sensor contacts)
        // and spares World.step its walks over ~300 bodies (about 10% of the physics time).
        road = world.createBody(new BodyDef());   // static, at the origin, angle 0
        tiles = new Fixture[n];
        PolygonShape shape = new PolygonShape();
        Vec2[] quad = {new Vec2(), new Vec2(), new Vec2(), new Vec2()};
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.isSensor = true;          // wheels drive over tiles; contacts only report the overlap
        fd.friction = 0.2f;
        fd.filter.categoryBits = 0x0001;
        fd.filter.maskBits = 0xFFFF;
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < 4; v++) {
                quad[v].set((float) track.tileVertices[8 * i + 2 * v], (float) track.tileVertices[8 * i + 2 * v + 1]);
            }
            shape.set(quad, 4);      // Box2D re-orders the quad into a counter-clockwise hull; the fixture copies it
            fd.userData = i;         // the tile index, for the contact listener
            tiles[i] = road.createFixture(fd);
        }
        car = new Car(world, track.beta[0], track.x[0], track.y[0]);
        advance();
        return observation;
    }

    private void destroyBodies() {
        if (car == null) return;
        world.setContactListener(null);   // end events of the old episode must not reach the new one
        world.destroyBody(road);
        car.destroy();
        car = null;
        road = null;
        tiles = null;
    }

    // ---- step -----------------------------------------------------------------------------------

    /** {@link #step(double, double, double)} with a float32 action [steer, gas, brake], as the reference's. */
    public StepResult step(float[] action) {
        if (action.length != 3) {
            throw new IllegalArgumentException("action must have 3 components (steer, gas, brake), got " + action.length);
        }
        return step(action[0], action[1], action[2]);
    }

    /**
     * One step at 50 FPS. steer in [-1,1] (+1 = right), gas in [0,1] (clipped), brake in [0,1] (not
     * clipped, as in the reference; >= 0.9 locks the wheels). NaN or infinite values are refused.
     * The observation buffer returned by {@link #reset(Track)} is redrawn; the result object is reused.
     */
    public StepResult step(double steer, double gas, double brake) {
        if (car == null) throw new IllegalStateException("step() before reset()");
        requireFinite(0, "steer", steer);
        requireFinite(1, "gas", gas);
        requireFinite(2, "brake", brake);
        car.steer(-steer);             // the env passes minus action[0] as the front wheels' target
        car.gas(gas);
        car.brake(brake);
        advance();
        steps++;

        reward -= 0.1;
        double stepReward = reward - prevReward;
        prevReward = reward;
        boolean terminated = contacts.visitedCount() == track.size()
                || (version == EnvVersion.V3 && contacts.newLap());
        if (Math.abs(hullX()) > PLAYFIELD || Math.abs(hullY()) > PLAYFIELD) {
            terminated = true;
            stepReward = -100;
        }
        return result.set(stepReward, terminated, steps >= MAX_STEPS);
    }

    /** Car model, world step, time, tile credits, render: what reset's silent step and every step share. */
    private void advance() {
        car.step(DT);
        world.step((float) DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
        t += DT;
        // +1000/N per newly visited tile, one addition each, in the reference's order (before the -0.1).
        for (int n = track.size(); creditedTiles < contacts.visitedCount(); creditedTiles++) {
            reward += 1000.0 / n;
        }
        renderer.render(this, observation);
    }

    private static void requireFinite(int index, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("action[" + index + "] (" + name + ") is "
                    + (Double.isNaN(value) ? "NaN" : "infinite (" + value + ")"));
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    public EnvVersion version() { return version; }

    /** The current observation (96*96*3 bytes, row-major RGB); the same array as reset returned. */
    public byte[] observation() { return observation; }

    /** Steps since reset. */
    public int steps() { return steps; }

    /** Tiles visited by a wheel so far (2 right after reset). */
    public int tilesVisited() { return contacts.visitedCount(); }

    /** The running reward sum (env.reward of the reference). */
    public double cumulativeReward() { return reward; }

    public CarWheel wheel(int i) { return car.wheels[i]; }

    /** The car's hull body and tile i's fixture (read-only use: tests and diagnostics). */
    Body hullBody() { return car.hull; }

    Fixture tileFixture(int i) { return tiles[i]; }

    // Body origin as Box2D 2.3.0 computes it, p = c - q lc (centre of mass c, local centre lc), in float32.
    // JBox2D 2.2.1 groups it as (c.x - q.c lc.x) + q.s lc.y, which rounds differently in the last bit; the
    // physics never reads it back, so reading the reference's value keeps reported positions bit-exact.
    private static float positionX(Body b) {
        Rot q = b.getTransform().q;
        Vec2 c = b.m_sweep.c, lc = b.m_sweep.localCenter;
        return c.x - (q.c * lc.x - q.s * lc.y);
    }

    private static float positionY(Body b) {
        Rot q = b.getTransform().q;
        Vec2 c = b.m_sweep.c, lc = b.m_sweep.localCenter;
        return c.y - (q.s * lc.x + q.c * lc.y);
    }

    // ---- RenderScene ----------------------------------------------------------------------------

    @Override public double time() { return t; }
    @Override public double hullX() { return positionX(car.hull); }
    @Override public double hullY() { return positionY(car.hull); }
    @Override public double hullAngle() { return car.hull.getAngle(); }
    @Override public double hullVx() { return car.hull.getLinearVelocity().x; }
    @Override public double hullVy() { return car.hull.getLinearVelocity().y; }
    @Override public double hullAngularVelocity() { return car.hull.getAngularVelocity(); }
    @Override public double wheelX(int wheel) { return positionX(car.wheels[wheel].body); }
    @Override public double wheelY(int wheel) { return positionY(car.wheels[wheel].body); }
    @Override public double wheelAngle(int wheel) { return car.wheels[wheel].body.getAngle(); }
    @Override public double wheelPhase(int wheel) { return car.wheels[wheel].phase; }
    @Override public double wheelOmega(int wheel) { return car.wheels[wheel].omega; }
    @Override public double frontLeftJointAngle() { return car.wheels[0].joint.getJointAngle(); }
    @Override public Track track() { return track; }
    @Override public boolean tileTouched(int tile) { return contacts.touched(tile); }
    /** Rendered before the step's -0.1 is booked, so: cumulative incl. this step's new tiles, excl. its -0.1. */
    @Override public double displayedReward() { return reward; }
}
