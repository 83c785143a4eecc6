import { MetatuneError } from '@metatune/core';

/** Every backend name {@link initBackend} accepts, `'auto'` included. */
export const BACKEND_NAMES = ['auto', 'wasm', 'cpu', 'webgl', 'webgpu', 'node', 'node-gpu'] as const;

/** A backend name {@link initBackend} accepts. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A concrete backend (every name but `'auto'`). */
export type ConcreteBackendName = Exclude<BackendName, 'auto'>;

/** What metatune knows about one concrete backend: the npm package and the tfjs engine name. */
export interface BackendSpec {
  /** The metatune name. */
  readonly name: ConcreteBackendName;
  /** The npm package that registers it with tfjs-core. */
  readonly packageName: string;
  /** The name the package registers with `tf.registerBackend` (tfjs-node registers `'tensorflow'`). */
  readonly tfName: string;
  /** Whether the package is an optional peer, imported only when asked for. */
  readonly optional: boolean;
  /** Where it runs. */
  readonly runsIn: 'node' | 'browser' | 'anywhere';
  /** A note for the install hint. */
  readonly installNote: string;
}

/** The table of concrete backends, in the order `doctor()` lists them. */
export const BACKENDS: Readonly<Record<ConcreteBackendName, BackendSpec>> = {
  wasm: { name: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm', optional: false, runsIn: 'anywhere', installNote: 'the default backend (SIMD where the runtime has it)' },
  cpu: { name: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu', optional: false, runsIn: 'anywhere', installNote: 'the plain-JavaScript fallback' },
  webgl: { name: 'webgl', packageName: '@tensorflow/tfjs-backend-webgl', tfName: 'webgl', optional: true, runsIn: 'browser', installNote: 'needs a browser with WebGL' },
  webgpu: { name: 'webgpu', packageName: '@tensorflow/tfjs-backend-webgpu', tfName: 'webgpu', optional: true, runsIn: 'browser', installNote: 'needs a browser with WebGPU (navigator.gpu)' },
  node: { name: 'node', packageName: '@tensorflow/tfjs-node', tfName: 'tensorflow', optional: true, runsIn: 'node', installNote: 'downloads libtensorflow (CPU) at install time' },
  'node-gpu': { name: 'node-gpu', packageName: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow', optional: true, runsIn: 'node', installNote: 'downloads libtensorflow with CUDA at install time; needs an NVIDIA GPU, CUDA and cuDNN' },
};

/** Whether `name` is a backend name {@link initBackend} accepts. */
export function isBackendName(name: unknown): name is BackendName {
  return typeof name === 'string' && (BACKEND_NAMES as readonly string[]).includes(name);
}

/** Throws `UNKNOWN_BACKEND`, listing the valid names, unless `name` is one of {@link BACKEND_NAMES}. */
export function assertBackendName(name: unknown): asserts name is BackendName {
  if (!isBackendName(name)) {
    throw new MetatuneError('UNKNOWN_BACKEND', `unknown backend ${JSON.stringify(name)}`, {
      hint: `valid backends: ${BACKEND_NAMES.join(', ')}`,
    });
  }
}
