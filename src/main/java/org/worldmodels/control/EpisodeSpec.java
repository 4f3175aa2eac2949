// SPDX-License-Identifier: MIT
// One episode to roll out: which controller drives, on which track, with which latent-noise stream.
package org.worldmodels.control;

/**
 * @param candidate  index of the controller parameter vector (row of the job's parameter table)
 * @param trackSeed  CarRacing reset seed (the track)
 * @param noiseSeed  seed of the eps stream of z = mu + sigma eps (see {@link Seeds#of})
 */
public record EpisodeSpec(int candidate, long trackSeed, long noiseSeed) {}
