// SPDX-License-Identifier: MIT
// Thrown when a training step meets a NaN or infinite loss or gradient: the step is refused before
// the optimiser moves, so the parameters stay at their last good values.
package org.worldmodels.vision;

/** A non-finite loss or gradient stopped training; the parameters were not updated by the failing step. */
public final class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
