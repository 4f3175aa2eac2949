// SPDX-License-Identifier: MIT
// Decides once whether the SIMD kernels run: the incubator Vector API must be present and not
// switched off with -Dworldmodels.simd=false; otherwise every facade uses its scalar kernel.
package org.worldmodels.kernel;

import org.worldmodels.log.Log;

/** Whether the Vector API kernels are used ({@link #ENABLED}), decided once at class load. */
public final class Simd {
    private Simd() {}

    public static final boolean ENABLED = detect();

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("worldmodels.simd", "true"))) {
            Log.warnOnce("SIMD off (-Dworldmodels.simd=false): using the scalar kernels");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            Log.warnOnce("jdk.incubator.vector not available (run with --add-modules jdk.incubator.vector): using the scalar kernels");
            return false;
        }
        return true;
    }
}
