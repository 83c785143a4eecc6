/** A value a hyperparameter can take. */
export type ParamValue = number | string | boolean;

/** One configuration: parameter name to value. Inactive conditional parameters are absent. */
export type ParamValues = Record<string, ParamValue>;

/** Makes a parameter active only when another parameter takes one of the listed values. */
export interface Condition {
  /** Name of the parent parameter (must be categorical, or numeric with `values` listed exactly). */
  readonly parent: string;
  /** Values of the parent for which this parameter is active. */
  readonly values: readonly ParamValue[];
}

/** A real-valued parameter in [low, high], linear or log scale, optionally quantised by `step`. */
export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample and model in log space (requires low > 0). */
  readonly log?: boolean;
  /** Quantisation step from `low` (not allowed with `log`). */
  readonly step?: number;
  readonly condition?: Condition;
}

/** An integer parameter in [low, high] (both inclusive), linear or log scale, with a step (default 1). */
export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
  readonly condition?: Condition;
}

/** A parameter that takes one of a list of values; the order of choices carries no meaning. */
export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly ParamValue[];
  readonly condition?: Condition;
}

/** Any parameter definition. */
export type ParamSpec = FloatParam | IntParam | CategoricalParam;

/** A search space: parameter name to definition. Parents must come before their children. */
export type SearchSpace = Readonly<Record<string, ParamSpec>>;
