/** A Float64 Adam step (Kingma & Ba 2015) for the ES optimizers; minimises. */
export class AdamStep {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    dimension: number,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(dimension);
    this.v = new Float64Array(dimension);
  }

  /** theta <- theta - lr * m_hat / (sqrt(v_hat) + eps), in place. */
  apply(theta: Float64Array, gradient: ArrayLike<number>): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < theta.length; i++) {
      this.m[i] = this.beta1 * this.m[i] + (1 - this.beta1) * gradient[i];
      this.v[i] = this.beta2 * this.v[i] + (1 - this.beta2) * gradient[i] * gradient[i];
      theta[i] -= (this.learningRate * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + this.eps);
    }
  }
}
