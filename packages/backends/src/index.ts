/**
 * @metatune/backends: picks and starts the TensorFlow.js backend (wasm by default, cpu as the
 * fallback, webgl / webgpu / node / node-gpu as optional peers loaded lazily) and reports what
 * the runtime supports (`doctor`).
 *
 * @packageDocumentation
 */
export { initBackend, type InitBackendOptions, type ActiveBackend } from './init';
export { doctor, formatDoctorReport, type DoctorReport, type BackendStatus } from './doctor';
export { BACKEND_NAMES, BACKENDS, isBackendName, assertBackendName, type BackendName, type ConcreteBackendName, type BackendSpec } from './names';
export { installCommand } from './optional';
export type { WasmPaths, WasmSettings } from './wasm';
export { shareWasmBuffers, restoreWasmCopyingKernels } from './wasm-sharing-kernels';
export { useSimdBatchMatMul, restoreWasmBatchMatMul } from './wasm-batch-matmul-kernel';
export { useConvInputGradByConv, restoreWasmConvInputGrad } from './wasm-conv-input-grad-kernel';
export { useWasmConvFilterGrad, removeWasmConvFilterGrad } from './wasm-conv-filter-grad-kernel';
export { useSimdSum, restoreWasmSum } from './wasm-sum-kernel';
export type { RuntimeKind } from './environment';
export { backendsPlugin, registerBackends, VERSION, type BackendHandle, type WasmBackendOptions, type NoBackendOptions } from './plugin';
