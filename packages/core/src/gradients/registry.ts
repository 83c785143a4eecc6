/**
 * Bookkeeping for metatune's gradient overrides: registers a corrected gradient for a kernel and
 * remembers tfjs's stock one, so tests and benchmarks can compare both in one process.
 */
import { getGradient, registerGradient, unregisterGradient, type GradConfig } from '@tensorflow/tfjs-core';

/** One override: the kernel, why it exists, and the stock config it replaced (if any). */
export interface GradientOverride {
  /** tfjs kernel name, e.g. `'Tanh'`. */
  readonly kernelName: string;
  /** Why stock tfjs is not enough for this kernel (shown in docs and the capability matrix). */
  readonly reason: string;
  /** The stock config that was registered before, or `undefined` when tfjs had none. */
  readonly stock: GradConfig | undefined;
  /** metatune's config. */
  readonly config: GradConfig;
}

const overrides = new Map<string, GradientOverride>();
let stockActive = false;

/**
 * Registers `config` as the gradient of its kernel, replacing tfjs's stock gradient (kept for
 * {@link withStockGradients}). Called once per kernel at import time.
 */
export function overrideGradient(config: GradConfig, reason: string): void {
  const previous = overrides.get(config.kernelName);
  const stock = previous ? previous.stock : (getGradient(config.kernelName) ?? undefined);
  overrides.set(config.kernelName, { kernelName: config.kernelName, reason, stock, config });
  registerGradient(config);
}

/** The kernels metatune overrides, in registration order. */
export function listGradientOverrides(): readonly GradientOverride[] {
  return [...overrides.values()];
}

function install(stock: boolean): void {
  for (const o of overrides.values()) {
    const config = stock ? o.stock : o.config;
    if (config) registerGradient(config);
    else if (getGradient(o.kernelName) != null) unregisterGradient(o.kernelName);
  }
}

/**
 * Runs `fn` with tfjs's stock gradients in place of metatune's overrides and restores the
 * overrides afterwards (also when `fn` throws). For comparisons and benchmarks only: the stock
 * set is wrong or throws at second order for several kernels (see the capability matrix).
 */
export function withStockGradients<T>(fn: () => T): T {
  if (stockActive) return fn();
  stockActive = true;
  install(true);
  try {
    return fn();
  } finally {
    install(false);
    stockActive = false;
  }
}
