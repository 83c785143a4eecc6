/**
 * The plain ask/tell interface every optimizer of this package implements over Float64 vectors
 * (minimisation). `ask` returns one generation; `tell` takes points and their fitness values —
 * usually the points `ask` returned, but any points are accepted (a sampler tells the points its
 * trials actually ran, which may have been rounded or enqueued by hand).
 */
export interface VectorOptimizer {
  /** Number of coordinates of a point. */
  readonly dimension: number;
  /** Points of the next generation (a pure function of the state: asking twice gives the same points). */
  ask(): Float64Array[];
  /** Observes a generation. NaN fitness values rank worst and are counted in `nanCount`. */
  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void;
  /** Best point and value seen so far (undefined before the first tell). */
  readonly best: { readonly x: Float64Array; readonly f: number } | undefined;
  /** Fitness evaluations told so far. */
  readonly evaluations: number;
  /** NaN fitness values seen so far (each was treated as the worst of its generation). */
  readonly nanCount: number;
}

/** Keeps the best point seen; shared bookkeeping of the optimizers. */
export class BestTracker {
  best: { x: Float64Array; f: number } | undefined;

  /** Offers a point; keeps it if it is better. NaN never wins. */
  offer(x: ArrayLike<number>, f: number): void {
    if (Number.isNaN(f)) return;
    if (this.best === undefined || f < this.best.f) this.best = { x: Float64Array.from(x), f };
  }
}
