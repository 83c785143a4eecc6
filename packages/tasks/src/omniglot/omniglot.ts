/**
 * Omniglot N-way K-shot episodes (Lake et al. 2015; the few-shot protocol of Vinyals et al. 2016
 * and Finn et al. 2017) over the shipped small background set.
 */
import { EpisodeDistribution, type EpisodeOptions } from '../fewshot/episodes';
import type { LabeledImageSet } from '../fewshot/image-set';
import type { OmniglotData } from './format';
import { type LoadOmniglotOptions, loadOmniglot } from './load';

/** Options of the Omniglot distribution: episode options plus where the data comes from. */
export interface OmniglotOptions extends EpisodeOptions, LoadOmniglotOptions {
  /** Already loaded data (shares one decoded copy between distributions). */
  readonly data?: OmniglotData;
}

/** The Omniglot data as a labelled image set (class = character, group = alphabet). */
export function omniglotImageSet(data: OmniglotData): LabeledImageSet {
  return {
    name: 'omniglot',
    size: data.imageSize,
    classes: data.characters,
    perClass: data.drawings,
    pixels: data.pixels,
    groups: Int32Array.from(data.metadata.characters, (c) => c.alphabet),
  };
}

/**
 * Omniglot episodes. Defaults: 5-way 1-shot, 15 queries per class, characters split 60/10/30 %
 * with seed 0, no rotations (`rotations: true` for the standard 4x class augmentation).
 *
 * @example
 * const episodes = omniglot({ ways: 5, shots: 1, rotations: true });
 * const batch = episodes.sampleBatch(makeKey(0), 32); // support.x: [32, 5, 28, 28, 1]
 */
export function omniglot(options: OmniglotOptions = {}): EpisodeDistribution {
  const data = options.data ?? loadOmniglot(options);
  return new EpisodeDistribution(omniglotImageSet(data), options);
}
