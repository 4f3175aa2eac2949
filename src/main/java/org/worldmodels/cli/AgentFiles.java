// SPDX-License-Identifier: MIT
// Loading the trained V and M (and a controller) for the commands that run the whole agent, with
// one-line errors that say which file is missing or does not match which model.
package org.worldmodels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.worldmodels.control.Controller;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.tensor.ParamSet;
import org.worldmodels.vision.ConvVae;

/** Strict loaders: a checkpoint of another model or shape is refused naming the mismatched arrays. */
final class AgentFiles {
    private AgentFiles() {}

    static ConvVae loadVae(Path file) throws IOException {
        ConvVae vae = new ConvVae(1);
        load(file, vae.params, "V (the VAE)", "train-vae");
        return vae;
    }

    static MdnRnn loadRnn(Path file) throws IOException {
        MdnRnn rnn = new MdnRnn();
        load(file, rnn.params, "M (the MDN-RNN)", "train-rnn");
        return rnn;
    }

    static Controller loadController(Path file) throws IOException {
        Controller c = new Controller();
        load(file, c.params, "C (the controller, " + Controller.SIZE + " parameters)", "train-controller");
        return c;
    }

    private static void load(Path file, ParamSet params, String what, String stage) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " checkpoint " + file + " does not exist (run `worldmodels " + stage
                    + "` first, or point to the file with the option)");
        }
        try {
            Checkpoint.load(file, params);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a checkpoint of " + what + ": " + e.getMessage(), e);
        }
    }
}
