// SPDX-License-Identifier: MIT
// Where the tests find ../shared (the reference recordings beside the repository).
package org.worldmodels;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared reference material: {@code -Dworldmodels.shared} or {@code ../shared}. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String p = System.getProperty("worldmodels.shared");
        Path root = p != null ? Path.of(p) : Path.of("..", "shared");
        if (!Files.isDirectory(root.resolve("reference"))) {
            throw new IllegalStateException("shared reference material not found at " + root.toAbsolutePath()
                    + " (clone the repository beside ../shared, or pass -Dworldmodels.shared=DIR)");
        }
        return root;
    }

    public static Path reference(String first, String... more) {
        return root().resolve("reference").resolve(Path.of(first, more));
    }
}
