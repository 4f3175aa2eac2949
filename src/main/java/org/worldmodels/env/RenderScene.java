// SPDX-License-Identifier: MIT
// What a renderer reads from the world to draw one frame: the contract between physics and pixels.
package org.worldmodels.env;

/**
 * A read-only view of everything the renderers draw, so that they depend on neither JBox2D nor the
 * environment class (tests feed them states recorded from the reference). Body values are as Box2D
 * holds them (float32, widened); wheel order is front-left, front-right, rear-left, rear-right.
 */
public interface RenderScene {
    /** The env's running time: a float sum of 0.02 per step, 0.02 on the reset frame. */
    double time();

    double hullX();
    double hullY();
    double hullAngle();
    double hullVx();
    double hullVy();
    double hullAngularVelocity();

    double wheelX(int wheel);
    double wheelY(int wheel);
    double wheelAngle(int wheel);
    /** Rolling phase (drawing only: the grey band on the wheel). */
    double wheelPhase(int wheel);
    /** Spin rate (dashboard bars). */
    double wheelOmega(int wheel);
    /** Steering joint angle of the front-left wheel (dashboard). */
    double frontLeftJointAngle();

    Track track();
    /** True once any body touched tile i: it is then drawn in the plain road colour. */
    boolean tileTouched(int tile);

    /** The reward shown by the score label (cumulative, incl. this step's new tiles, excl. its -0.1). */
    double displayedReward();
}
