// SPDX-License-Identifier: MIT
// The one console facade below the CLI: warnings and notes go through here (to stderr), once each
// where asked, so library code never prints on its own.
package org.worldmodels.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Minimal logging facade: {@code warn}, {@code warnOnce}, {@code info}; quiet mode silences info. */
public final class Log {
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static volatile boolean quiet;

    private Log() {}

    /** Quiet mode: no info lines and no progress bars (warnings still print). */
    public static void setQuiet(boolean q) { quiet = q; }

    public static boolean isQuiet() { return quiet; }

    public static void info(String message) {
        if (!quiet) System.err.println(message);
    }

    public static void warn(String message) {
        System.err.println("warning: " + message);
    }

    /** Prints a warning the first time this exact message is given in this JVM. */
    public static void warnOnce(String message) {
        if (ONCE.add(message)) warn(message);
    }
}
