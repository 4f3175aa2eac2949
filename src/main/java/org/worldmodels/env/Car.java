// SPDX-License-Identifier: MIT
// The CarRacing car on JBox2D: hull, four wheels on steering joints, and the tyre/engine model of
// car_dynamics.py (spec carracing.md section 4), in float64 on Box2D's float32 state.
package org.worldmodels.env;

import static org.worldmodels.env.CarRacingConstants.ENGINE_POWER;
import static org.worldmodels.env.CarRacingConstants.FRICTION_LIMIT;
import static org.worldmodels.env.CarRacingConstants.HULL_POLY;
import static org.worldmodels.env.CarRacingConstants.SIZE;
import static org.worldmodels.env.CarRacingConstants.WHEEL_MOMENT_OF_INERTIA;
import static org.worldmodels.env.CarRacingConstants.WHEEL_POLY;
import static org.worldmodels.env.CarRacingConstants.WHEEL_POS;
import static org.worldmodels.env.CarRacingConstants.WHEEL_R;

import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * The car: one hull body, four wheel bodies, four revolute joints, and {@link #step(double)}, the
 * tyre model that turns gas/brake/steer into forces. Python-side maths is float64 on float32 Box2D reads,
 * exactly as the reference, so the same inputs give the same float32 forces.
 */
public final class Car {
    /** Wheel radius for the drive model (m): 27 units. */
    static final double WHEEL_RADIUS = 1.0 * WHEEL_R * SIZE;
    /** Friction limit on grass: 60% of the road's. */
    static final double GRASS_FRICTION_LIMIT = FRICTION_LIMIT * 0.6;
    /** Tyre force per m/s of slip ("random coefficient to cut oscillations"): 82. */
    static final double FORCE_GAIN = 205000 * SIZE * SIZE;
    /** Brake deceleration of the wheel spin per unit of brake (rad/s per step). */
    static final double BRAKE_FORCE = 15;
    /** Steering servo: motor speed = sign(e) * min(50 |e|, 3) rad/s for angle error e. */
    static final double STEER_GAIN = 50.0, STEER_MAX_SPEED = 3.0;
    /** Road friction of every tile (the reference sets 1.0). */
    static final double ROAD_FRICTION = 1.0;

    private final World world;
    final Body hull;
    final CarWheel[] wheels = new CarWheel[4];

    // Scratch vectors: step() must not allocate.
    private final Vec2 localForward = new Vec2(0f, 1f), localSide = new Vec2(1f, 0f);
    private final Vec2 forward = new Vec2(), side = new Vec2(), force = new Vec2();

    /**
     * Creates the car at track point 0: position (x, y), angle beta (raw, possibly off by multiples of 2 pi).
     * Creation order (hull, then each wheel followed by its joint) is the reference's: it fixes the body
     * and joint order in Box2D's island, hence the order of the Gauss-Seidel joint solve.
     */
    Car(World world, double angle, double x, double y) {
        this.world = world;
        BodyDef hullDef = new BodyDef();
        hullDef.type = BodyType.DYNAMIC;
        hullDef.position.set((float) x, (float) y);
        hullDef.angle = (float) angle;
        hull = world.createBody(hullDef);
        for (double[][] poly : HULL_POLY) {
            hull.createFixture(fixture(poly, 1.0f));
        }
        CarMassData.apply(hull);

        for (int i = 0; i < 4; i++) {
            double wx = WHEEL_POS[i][0], wy = WHEEL_POS[i][1];
            BodyDef wheelDef = new BodyDef();
            wheelDef.type = BodyType.DYNAMIC;
            // Quirk of the reference: the offset is NOT rotated by the start angle, but the angle is set;
            // the joints pull the wheels into place during the reset step.
            wheelDef.position.set((float) (x + wx * SIZE), (float) (y + wy * SIZE));
            wheelDef.angle = (float) angle;
            Body wheel = world.createBody(wheelDef);
            FixtureDef wheelFixture = fixture(WHEEL_POLY, 0.1f);
            wheelFixture.filter.categoryBits = 0x0020;  // wheels touch category 1 (tiles) but not each other
            wheelFixture.filter.maskBits = 0x0001;
            wheel.createFixture(wheelFixture);
            CarMassData.apply(wheel);

            RevoluteJointDef jd = new RevoluteJointDef();
            jd.bodyA = hull;
            jd.bodyB = wheel;
            jd.localAnchorA.set((float) (wx * SIZE), (float) (wy * SIZE));
            jd.localAnchorB.set(0f, 0f);
            jd.enableMotor = true;
            jd.enableLimit = true;
            jd.maxMotorTorque = (float) (180 * 900 * SIZE * SIZE);
            jd.motorSpeed = 0f;
            jd.lowerAngle = -0.4f;
            jd.upperAngle = +0.4f;
            RevoluteJoint joint = (RevoluteJoint) world.createJoint(jd);
            wheels[i] = new CarWheel(i, wheel, joint);
            wheel.setUserData(wheels[i]);
        }
    }

    /** A polygon fixture in units (x SIZE), converted to float32 like pybox2d does with the float64 products. */
    private static FixtureDef fixture(double[][] units, float density) {
        Vec2[] vertices = new Vec2[units.length];
        for (int k = 0; k < units.length; k++) {
            vertices[k] = new Vec2((float) (units[k][0] * SIZE), (float) (units[k][1] * SIZE));
        }
        PolygonShape shape = new PolygonShape();
        shape.set(vertices, vertices.length);   // Box2D re-orders them into a counter-clockwise hull
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = density;
        fd.friction = 0.2f;
        fd.restitution = 0f;
        return fd;
    }

    // ---- controls (applied at the top of env.step) --------------------------------------------------

    /** Steering target for the front wheels (rad of joint angle; the env passes minus action[0]). */
    void steer(double s) {
        wheels[0].steer = s;
        wheels[1].steer = s;
    }

    /** Rear-wheel drive: gas is clipped to [0,1]; a wheel's gas rises by at most 0.1 per step, drops at once. */
    void gas(double gas) {
        double g = Math.min(Math.max(gas, 0.0), 1.0);
        for (int i = 2; i < 4; i++) {
            double diff = g - wheels[i].gas;
            if (diff > 0.1) diff = 0.1;
            wheels[i].gas += diff;
        }
    }

    /** Brake on all four wheels, unclipped (>= 0.9 locks the wheels). */
    void brake(double b) {
        for (CarWheel w : wheels) w.brake = b;
    }

    // ---- the tyre model --------------------------------------------------------------------------

    /** car_dynamics.Car.step: steering servo, engine, brake, tyre forces; one pass per wheel in order 0..3. */
    void step(double dt) {
        for (CarWheel w : wheels) {
            // 1. Steering servo: drive the joint angle towards the target.
            double e = w.steer - w.joint.getJointAngle();
            w.joint.setMotorSpeed((float) (Math.signum(e) * Math.min(STEER_GAIN * Math.abs(e), STEER_MAX_SPEED)));

            // 2. Friction limit: grass unless the wheel is on at least one tile.
            double frictionLimit = GRASS_FRICTION_LIMIT;
            if (w.tileCount > 0) frictionLimit = Math.max(frictionLimit, FRICTION_LIMIT * ROAD_FRICTION);

            // 3. Wheel frame and velocity (float32 from Box2D, maths in float64).
            w.body.getWorldVectorToOut(localForward, forward);
            w.body.getWorldVectorToOut(localSide, side);
            Vec2 v = w.body.getLinearVelocity();
            double vf = (double) forward.x * v.x + (double) forward.y * v.y;   // forward speed
            double vs = (double) side.x * v.x + (double) side.y * v.y;         // side speed

            // 4. Engine: power P = I omega domega/dt, so domega = dt P gas / I / (|omega| + 5) (5 avoids /0).
            w.omega += dt * ENGINE_POWER * w.gas / WHEEL_MOMENT_OF_INERTIA / (Math.abs(w.omega) + 5.0);

            // 5. Brake: lock at >= 0.9, else slow the spin by 15 brake rad/s (not past zero).
            if (w.brake >= 0.9) {
                w.omega = 0;
            } else if (w.brake > 0) {
                double dir = -Math.signum(w.omega);
                double val = BRAKE_FORCE * w.brake;
                if (Math.abs(val) > Math.abs(w.omega)) val = Math.abs(w.omega);
                w.omega += dir * val;
            }
            // 6. Rolling phase (drawing only).
            w.phase += w.omega * dt;

            // 7. Tyre force from the slip: f along the wheel (spin speed - forward speed), p across it.
            double vr = w.omega * WHEEL_RADIUS;
            double f = -vf + vr;
            double p = -vs;
            f *= FORCE_GAIN;
            p *= FORCE_GAIN;
            double forceNorm = Math.sqrt(f * f + p * p);

            // 8. (Skid marks: drawing only, never in state pixels - omitted.)
            // 9. Friction circle: the force cannot exceed the limit.
            if (Math.abs(forceNorm) > frictionLimit) {
                f /= forceNorm;
                p /= forceNorm;
                forceNorm = frictionLimit;
                f *= forceNorm;
                p *= forceNorm;
            }
            // 10. The road pushes back on the wheel's spin.
            w.omega -= dt * f * WHEEL_RADIUS / WHEEL_MOMENT_OF_INERTIA;

            // 11. F = p side + f forward at the wheel centre (wakes the body).
            force.set((float) (p * side.x + f * forward.x), (float) (p * side.y + f * forward.y));
            w.body.applyForceToCenter(force);
        }
    }

    /** Removes the car from the world (joints go with their bodies). */
    void destroy() {
        world.destroyBody(hull);
        for (CarWheel w : wheels) world.destroyBody(w.body);
    }

    public CarWheel wheel(int i) { return wheels[i]; }
}
