// SPDX-License-Identifier: MIT
// Runs a piece of test code and returns what it printed to stdout or stderr.
package org.worldmodels;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures the console output of test code (the streams are restored afterwards, also on failure). */
public final class ConsoleCapture {
    private ConsoleCapture() {}

    /** Test code that may throw. */
    public interface Body {
        void run() throws Exception;
    }

    public static String stdout(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    public static String stderr(Body body) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
