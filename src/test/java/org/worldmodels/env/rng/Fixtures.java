// SPDX-License-Identifier: MIT
// Finds the small fixture files committed under src/test/resources/fixtures.
package org.worldmodels.env.rng;

import java.net.URL;
import java.nio.file.Path;

final class Fixtures {
    private Fixtures() {}

    static Path path(String name) throws Exception {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) throw new IllegalStateException("fixture " + name + " missing (see src/test/python/rng_big_seeds.py)");
        return Path.of(url.toURI());
    }
}
