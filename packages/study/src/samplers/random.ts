import { Rng, space as spaces, type ParamValues, type SampleRequest, type Sampler } from '@metatune/core';

/**
 * Samples every parameter independently and uniformly (log-uniformly on log scales), from the
 * request's key, so a study's configurations depend only on its seed and the trial numbers.
 */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  readonly multiObjective = true;
  readonly needsHistory = false;

  ask(request: SampleRequest): ParamValues {
    return spaces.sampleUniform(request.space, new Rng(request.key));
  }
}
