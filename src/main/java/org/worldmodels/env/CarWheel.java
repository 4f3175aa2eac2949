// SPDX-License-Identifier: MIT
// One wheel of the car: its Box2D body and steering joint, plus the tyre state car_dynamics.py keeps
// beside Box2D (gas, brake, steering target, rolling phase, spin rate, tiles under it).
package org.worldmodels.env;

import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.joints.RevoluteJoint;

/** A wheel: Box2D body + joint, and the drive-model state in float64 as the reference keeps it. */
public final class CarWheel {
    /** 0 front-left, 1 front-right, 2 rear-left, 3 rear-right. */
    public final int index;
    final Body body;
    /** Hull -> wheel revolute joint; its motor is the steering servo. */
    final RevoluteJoint joint;

    /** Throttle in [0,1] (rear wheels only), brake (unclipped) and steering target (rad, front wheels only). */
    double gas, brake, steer;
    /** Rolling angle (rad; drawing only) and spin rate omega (rad/s). */
    double phase, omega;
    /** Number of road tiles the wheel overlaps (the reference keeps the set; only emptiness matters). */
    int tileCount;

    CarWheel(int index, Body body, RevoluteJoint joint) {
        this.index = index;
        this.body = body;
        this.joint = joint;
    }

    public double phase() { return phase; }
    public double omega() { return omega; }
    public double gas() { return gas; }
    public double brake() { return brake; }
    public double steer() { return steer; }
    public int tileCount() { return tileCount; }
    /** Steering joint angle (rad): wheel angle minus hull angle, float32 as Box2D holds it. */
    public double jointAngle() { return joint.getJointAngle(); }
}
