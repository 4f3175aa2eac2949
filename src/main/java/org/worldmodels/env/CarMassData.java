// SPDX-License-Identifier: MIT
// Mass, centre of mass and rotational inertia of the car's bodies as Box2D 2.3.0 computes them, in float32.
// JBox2D 2.2.1's PolygonShape.computeMass drops a parallel-axis term, so we compute and set them ourselves.
package org.worldmodels.env;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;

/**
 * Box2D 2.3.0 ({@code b2PolygonShape::ComputeMass}, {@code b2Body::ResetMassData}) in float32, operation
 * for operation, so that the body's mass properties are bit-identical to the reference's.
 *
 * <p>Why: both versions integrate the polygon's triangles about the vertex average s and then move the
 * inertia to the body origin. With c the centroid relative to s, C = c + s the centroid and m the mass,
 * Box2D 2.3.0 uses I_origin = I_s + m (C.C - c.c) (parallel-axis theorem, twice), while JBox2D 2.2.1.1
 * uses I_s + m C.C, which is too large by m c.c for shapes whose centroid is not the vertex average.
 * For the car's hull (trapezoid and octagon) that is 18.2709 instead of the reference's 18.2604 (0.06%).
 */
final class CarMassData {
    private CarMassData() {}

    /** Recomputes {@code body}'s mass data from its polygon fixtures as Box2D 2.3.0 does, and sets it. */
    static void apply(Body body) {
        MassData shapeMass = new MassData();
        float mass = 0f, centerX = 0f, centerY = 0f, inertia = 0f;
        // b2Body::ResetMassData walks the fixture list from its head (the last fixture created).
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            if (f.getDensity() == 0f) continue;
            polygonMass((PolygonShape) f.getShape(), f.getDensity(), shapeMass);
            mass += shapeMass.mass;
            centerX += shapeMass.mass * shapeMass.center.x;
            centerY += shapeMass.mass * shapeMass.center.y;
            inertia += shapeMass.I;
        }
        float invMass = 1f / mass;
        MassData total = new MassData();
        total.mass = mass;
        total.center.set(centerX * invMass, centerY * invMass);
        // JBox2D's setMassData then does what ResetMassData does: I_cm = I - m (center . center).
        total.I = inertia;
        body.setMassData(total);
    }

    /** b2PolygonShape::ComputeMass of Box2D 2.3.0 (float32) on the shape's stored vertices. */
    static void polygonMass(PolygonShape shape, float density, MassData out) {
        int n = shape.m_count;
        Vec2[] v = shape.m_vertices;
        // s = vertex average: the reference point the triangles are formed from.
        float sx = 0f, sy = 0f;
        for (int i = 0; i < n; i++) {
            sx += v[i].x;
            sy += v[i].y;
        }
        float invCount = 1f / n;
        sx *= invCount;
        sy *= invCount;

        final float inv3 = 1f / 3f;
        float area = 0f, cx = 0f, cy = 0f, inertia = 0f;
        for (int i = 0; i < n; i++) {
            Vec2 p2 = v[i], p3 = v[i + 1 < n ? i + 1 : 0];
            float e1x = p2.x - sx, e1y = p2.y - sy;
            float e2x = p3.x - sx, e2y = p3.y - sy;
            float d = e1x * e2y - e1y * e2x;                 // cross(e1, e2) = 2 * triangle area
            float triangleArea = 0.5f * d;
            area += triangleArea;
            float w = triangleArea * inv3;                   // centroid of (s, p2, p3) relative to s: (e1+e2)/3
            cx += w * (e1x + e2x);
            cy += w * (e1y + e2y);
            float intx2 = e1x * e1x + e2x * e1x + e2x * e2x;
            float inty2 = e1y * e1y + e2y * e1y + e2y * e2y;
            inertia += (0.25f * inv3 * d) * (intx2 + inty2); // integral of (x^2 + y^2) over the triangle
        }
        out.mass = density * area;
        float invArea = 1f / area;
        cx *= invArea;
        cy *= invArea;
        float centerX = cx + sx, centerY = cy + sy;
        out.center.set(centerX, centerY);
        // Parallel axis: from s to the centroid (- m c.c), then from the centroid to the origin (+ m C.C).
        out.I = density * inertia;
        out.I += out.mass * ((centerX * centerX + centerY * centerY) - (cx * cx + cy * cy));
    }
}
