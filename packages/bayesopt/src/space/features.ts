import { type ParamValues, type SearchSpace, space as spaceNs } from '@metatune/core';

/**
 * Maps configurations to the GP's input features: each numeric parameter to its unit-cube
 * coordinate (log parameters in log space, ints and steps rounded first), each categorical
 * parameter to a one-hot block (so the kernel sees every pair of distinct choices at the same
 * distance). An inactive conditional parameter maps to 0.5 (numeric) or all zeros (categorical):
 * a fixed value, so configurations that share the active parameters stay close.
 */
export class FeatureMap {
  readonly space: SearchSpace;
  readonly names: readonly string[];
  /** Number of features (>= number of parameters). */
  readonly size: number;
  private readonly offsets: number[];

  constructor(space: SearchSpace) {
    this.space = space;
    this.names = Object.keys(space);
    this.offsets = [];
    let size = 0;
    for (const name of this.names) {
      this.offsets.push(size);
      const spec = space[name];
      size += spec.type === 'categorical' ? spec.choices.length : 1;
    }
    this.size = size;
  }

  /** Features of a configuration, written at `offset` of `out`. */
  fromValues(values: ParamValues, out: Float64Array = new Float64Array(this.size), offset = 0): Float64Array {
    this.names.forEach((name, i) => {
      const spec = this.space[name];
      const o = offset + this.offsets[i];
      const v = values[name];
      if (spec.type === 'categorical') {
        for (let c = 0; c < spec.choices.length; c++) out[o + c] = 0;
        if (v !== undefined) {
          const c = spec.choices.indexOf(v);
          if (c >= 0) out[o + c] = 1;
        }
      } else {
        out[o] = v === undefined ? 0.5 : spaceNs.encodeValue(spec, v);
      }
    });
    return out;
  }

  /** Feature index of parameter `i` when it is numeric (its single feature); undefined for a categorical one. */
  numericFeature(i: number): number | undefined {
    return this.space[this.names[i]].type === 'categorical' ? undefined : this.offsets[i];
  }

  /** Decodes a unit-cube point (one coordinate per parameter) to a valid configuration. */
  decode(u: ArrayLike<number>): ParamValues {
    return spaceNs.decode(this.space, u);
  }

  /** Unit-cube point of a configuration (inactive parameters at 0.5). */
  encode(values: ParamValues): Float64Array {
    const u = spaceNs.encode(this.space, values);
    for (let i = 0; i < u.length; i++) if (!Number.isFinite(u[i])) u[i] = 0.5;
    return u;
  }
}
