// SPDX-License-Identifier: MIT
// Every constant of CarRacing (spec carracing.md sections 1 and 4), in one place.
package org.worldmodels.env;

/** Constants of the CarRacing environment and its car; units are Box2D metres, seconds, radians. */
public final class CarRacingConstants {
    private CarRacingConstants() {}

    public static final int STATE_W = 96, STATE_H = 96;
    public static final int VIDEO_W = 600, VIDEO_H = 400;
    public static final double SCALE = 6.0;
    public static final double TRACK_RAD = 900 / SCALE;
    public static final double PLAYFIELD = 2000 / SCALE;
    public static final int FPS = 50;
    public static final double DT = 1.0 / FPS;
    public static final double ZOOM = 2.7;
    public static final double TRACK_DETAIL_STEP = 21 / SCALE;
    public static final double TRACK_TURN_RATE = 0.31;
    /** Half width of the road. */
    public static final double TRACK_WIDTH = 40 / SCALE;
    public static final double BORDER = 8 / SCALE;
    public static final int BORDER_MIN_COUNT = 4;
    public static final double GRASS_DIM = PLAYFIELD / 20.0;
    public static final int CHECKPOINTS = 12;
    public static final int MAX_STEPS = 1000;
    public static final int VELOCITY_ITERATIONS = 180, POSITION_ITERATIONS = 60;

    // ---- the car (car_dynamics.py); "units" are multiplied by SIZE --------------------------------
    public static final double SIZE = 0.02;
    public static final double ENGINE_POWER = 100000000 * SIZE * SIZE;
    public static final double WHEEL_MOMENT_OF_INERTIA = 4000 * SIZE * SIZE;
    public static final double FRICTION_LIMIT = 1000000 * SIZE * SIZE;
    public static final double WHEEL_R = 27;
    public static final double WHEEL_W = 14;
    /** Wheel centres in units: front-left, front-right, rear-left, rear-right. */
    public static final double[][] WHEEL_POS = {{-55, +80}, {+55, +80}, {-55, -82}, {+55, -82}};
    /** The hull's four polygons in units (front spoiler, cabin, body, rear). */
    public static final double[][][] HULL_POLY = {
        {{-60, +130}, {+60, +130}, {+60, +110}, {-60, +110}},
        {{-15, +120}, {+15, +120}, {+20, +20}, {-20, +20}},
        {{+25, +20}, {+50, -10}, {+50, -40}, {+20, -90}, {-20, -90}, {-50, -40}, {-50, -10}, {-25, +20}},
        {{-50, -120}, {+50, -120}, {+50, -90}, {-50, -90}},
    };
    /** The wheel box in units (half extents WHEEL_W x WHEEL_R), as car_dynamics lists it. */
    public static final double[][] WHEEL_POLY = {{-WHEEL_W, +WHEEL_R}, {+WHEEL_W, +WHEEL_R}, {+WHEEL_W, -WHEEL_R}, {-WHEEL_W, -WHEEL_R}};
}
