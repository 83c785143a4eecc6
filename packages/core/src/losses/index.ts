export { mse, mseBatched } from './regression';
export { softmaxCrossEntropy, softmaxCrossEntropyBatched, crossEntropyPerRow, accuracy, accuracyBatched } from './classification';
export { isClassification, taskLosses, taskAccuracies } from './task';
