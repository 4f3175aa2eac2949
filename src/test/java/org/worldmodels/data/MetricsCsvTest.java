// SPDX-License-Identifier: MIT
package org.worldmodels.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir Path tmp;

    @Test
    void resumeDropsRowsWrittenAfterTheCheckpoint() throws IOException {
        Path f = tmp.resolve("m.csv");
        try (MetricsCsv m = MetricsCsv.open(f, List.of("step", "loss"), -1)) {
            for (int s = 1; s <= 5; s++) m.row(s, 10.0 / s);
        }
        Files.writeString(f, Files.readString(f) + "6,1.6", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (MetricsCsv m = MetricsCsv.open(f, List.of("step", "loss"), 3)) {
            m.row(4, 0.25);
        }
        var cols = MetricsCsv.read(f);
        assertArrayEquals(new double[] {1, 2, 3, 4}, cols.get("step"));
        assertEquals(0.25, cols.get("loss")[3]);
        assertEquals(10.0 / 3, cols.get("loss")[2], 1e-7);
    }

    @Test
    void refusesAFileWithOtherColumnsAndRowsOfTheWrongWidth() throws IOException {
        Path f = tmp.resolve("m.csv");
        try (MetricsCsv m = MetricsCsv.open(f, List.of("step", "loss"), -1)) {
            assertThrows(IllegalArgumentException.class, () -> m.row(1));
        }
        IOException e = assertThrows(IOException.class, () -> MetricsCsv.open(f, List.of("gen", "best"), Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("step,loss"), e.getMessage());
    }
}
