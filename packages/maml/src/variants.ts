import { makeKey, tf } from '@metatune/core';
import { createMamlLearner, type MamlLearner } from './learner';
import type { MamlOptions } from './options';

/**
 * Second-order MAML (Finn, Abbeel & Levine 2017): the meta-gradient flows through the inner
 * gradients.
 *
 * @example
 * const learner = maml({ model: nn.mlp([1, 40, 40, 1]), innerSteps: 1, innerLr: 0.01 });
 */
export function maml(options: MamlOptions): MamlLearner {
  return createMamlLearner(options, 'maml');
}

/** First-order MAML: the inner loop runs off the tape; no inner graph is kept. */
export function fomaml(options: MamlOptions): MamlLearner {
  return createMamlLearner({ ...options, firstOrder: true }, 'fomaml');
}

/**
 * ANIL (Raghu et al. 2020): only the head adapts in the inner loop; the body is meta-learned but
 * shared by all tasks. The head defaults to the last top-level key of the params (`layerN` of an mlp).
 */
export function anil(options: MamlOptions): MamlLearner {
  let adapt = options.adapt;
  if (!adapt) {
    const keys: string[] = [];
    tf.tidy(() => void keys.push(...Object.keys(options.model.init(makeKey(0)))));
    adapt = [keys[keys.length - 1]];
  }
  return createMamlLearner({ ...options, adapt }, 'anil');
}

/** Meta-SGD (Li et al. 2017): per-parameter inner learning rates meta-learned with the initialisation. */
export function metaSgd(options: MamlOptions): MamlLearner {
  return createMamlLearner({ ...options, learnInnerLr: true }, 'meta-sgd');
}
