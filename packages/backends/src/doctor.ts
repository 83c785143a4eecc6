import * as tf from '@tensorflow/tfjs-core';
import { hasWebGL, hasWebGPU, isNode, resolveInstalled, runtimeKind, type RuntimeKind } from './environment';
import { BACKENDS, type ConcreteBackendName } from './names';
import { installCommand } from './optional';

/** One backend as {@link doctor} sees it. */
export interface BackendStatus {
  /** The metatune name. */
  readonly name: ConcreteBackendName;
  /** The npm package that provides it. */
  readonly packageName: string;
  /** Whether its package is installed (Node) or registered with tfjs (any runtime). */
  readonly installed: boolean;
  /** Whether `initBackend(name)` can be expected to work here. */
  readonly available: boolean;
  /** Whether it is the active tfjs backend. */
  readonly active: boolean;
  /** Why it is not available, or how it would be enabled. */
  readonly note: string;
}

/** What {@link doctor} reports. */
export interface DoctorReport {
  /** The runtime. */
  readonly runtime: RuntimeKind;
  /** `process.version` in Node. */
  readonly nodeVersion?: string;
  /** `tf.version_core`. */
  readonly tfjsVersion: string;
  /** The active backend's tfjs name, or `null` when none has been initialised yet. */
  readonly active: string | null;
  /** Every concrete backend. */
  readonly backends: readonly BackendStatus[];
  /** WebAssembly SIMD support (the wasm backend loads its SIMD binary when true). */
  readonly simd: boolean;
  /** Whether the wasm backend can use threads (never in Node; in browsers, with cross-origin isolation). */
  readonly threads: boolean;
}

function activeTfName(): string | null {
  // `tf.getBackend()` would initialise the best backend as a side effect; the engine's field does not.
  const name = (tf.engine() as unknown as { backendName?: string | null }).backendName;
  return name ?? null;
}

/**
 * Reports which backends are installed and usable here, which one is active, WebAssembly SIMD and
 * threads support, and the tfjs version. It imports no optional package (loading tfjs-node starts
 * libtensorflow); Node checks installation by resolving the package.
 */
export async function doctor(): Promise<DoctorReport> {
  const runtime = runtimeKind();
  const node = isNode();
  const active = activeTfName();
  const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
  const backends: BackendStatus[] = [];
  let activeFound = false;
  for (const spec of Object.values(BACKENDS)) {
    const registered = tf.findBackendFactory(spec.tfName) !== null;
    const installed = registered || (await resolveInstalled(spec.packageName)) !== undefined;
    const rightRuntime = spec.runsIn === 'anywhere' || (spec.runsIn === 'node') === node;
    const device = spec.name === 'webgl' ? hasWebGL() : spec.name === 'webgpu' ? hasWebGPU() : true;
    const available = installed && rightRuntime && device;
    let note = spec.installNote;
    if (!rightRuntime) note = `runs only in ${spec.runsIn === 'node' ? 'Node' : 'browsers'}`;
    else if (!installed) note = `not installed: ${installCommand(spec)} (${spec.installNote})`;
    // node and node-gpu both register "tensorflow": the first installed one is the active one.
    const isActive: boolean = !activeFound && active === spec.tfName && installed;
    activeFound ||= isActive;
    backends.push({ name: spec.name, packageName: spec.packageName, installed, available, active: isActive, note });
  }
  return {
    runtime,
    nodeVersion: node ? (globalThis as { process?: { version?: string } }).process?.version : undefined,
    tfjsVersion: tf.version_core,
    active,
    backends,
    simd: Boolean(simd),
    threads: Boolean(threads),
  };
}

/** Formats a {@link DoctorReport} as the plain-text table `metatune doctor` prints. */
export function formatDoctorReport(report: DoctorReport): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const lines = [
    `runtime      ${report.runtime}${report.nodeVersion ? ` ${report.nodeVersion}` : ''}`,
    `tfjs-core    ${report.tfjsVersion}`,
    `active       ${report.active ?? '(none yet; call initBackend())'}`,
    `wasm SIMD    ${yes(report.simd)}`,
    `wasm threads ${yes(report.threads)}`,
    '',
    'backend    installed  available  note',
  ];
  for (const b of report.backends) {
    lines.push(`${(b.active ? '* ' : '  ') + b.name.padEnd(9)}${yes(b.installed).padEnd(11)}${yes(b.available).padEnd(11)}${b.note}`);
  }
  return lines.join('\n');
}
