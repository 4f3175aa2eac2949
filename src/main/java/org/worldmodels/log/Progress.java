// SPDX-License-Identifier: MIT
// Progress of a long stage (episodes, epochs, generations): a bar with rate and ETA on stderr, or
// nothing when logging is quiet (tests). The one place that knows about the progressbar library.
package org.worldmodels.log;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar for {@code total} units; close it when done (try-with-resources). Thread-safe. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) { this.bar = bar; }

    /**
     * Starts a bar named {@code task} over {@code total} units called {@code unit} (e.g. "ep", "img").
     * {@code done} units are already complete (a resumed run).
     */
    public static Progress start(String task, long total, String unit, long done) {
        if (Log.isQuiet()) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .startsFrom(done, Duration.ZERO)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar);
    }

    public void step(long n) { if (bar != null) bar.stepBy(n); }

    /** Sets the units done to {@code done} (for progress measured rather than counted). */
    public void stepTo(long done) { if (bar != null) bar.stepTo(done); }

    /** A short status shown after the bar, e.g. "loss 41.2". */
    public void status(String text) { if (bar != null) bar.setExtraMessage(" " + text); }

    @Override
    public void close() { if (bar != null) bar.close(); }
}
