/**
 * The autodiff facade: gradients of scalar functions of a Tensor or a Params tree, right to any
 * order on top of metatune's corrected tfjs gradients (see ../gradients).
 */
export type { Differentiable } from './tree';
export { grad, valueAndGrad, valueAndGradWithAux, type ValueAndGrad, type ValueAndGradWithAux } from './grad';
export { hvp } from './hvp';
export { stopGradient } from './stop-gradient';
export { checkGrad, type CheckGradOptions, type GradCheckEntry, type GradCheckReport } from './check-grad';
export { listGradientOverrides, withStockGradients, type GradientOverride } from '../gradients';
