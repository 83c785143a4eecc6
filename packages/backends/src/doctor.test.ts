import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { doctor, formatDoctorReport } from './doctor';
import { initBackend } from './init';

describe('doctor', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reports the installed, available and active backends of this Node install', async () => {
    await initBackend('wasm');
    const report = await doctor();
    expect(report.runtime).toBe('node');
    expect(report.nodeVersion).toBe(process.version);
    expect(report.tfjsVersion).toBe(tf.version_core);
    expect(report.active).toBe('wasm');
    // Node 20's V8 has WebAssembly SIMD; tfjs disables wasm threads in Node.
    expect(report.simd).toBe(true);
    expect(report.threads).toBe(false);
    const byName = Object.fromEntries(report.backends.map((b) => [b.name, b]));
    expect(Object.keys(byName)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu', 'node', 'node-gpu']);
    expect(byName.wasm).toMatchObject({ installed: true, available: true, active: true });
    expect(byName.cpu).toMatchObject({ installed: true, available: true, active: false });
    expect(byName.webgl).toMatchObject({ available: false, active: false, note: 'runs only in browsers' });
    expect(byName.node).toMatchObject({ installed: false, available: false, active: false });
    expect(byName.node.note).toContain('npm install @tensorflow/tfjs-node@^4.22.0');
    expect(byName['node-gpu'].note).toContain('npm install @tensorflow/tfjs-node-gpu@^4.22.0');
  });

  it('follows a backend switch', async () => {
    await initBackend('cpu');
    const report = await doctor();
    expect(report.active).toBe('cpu');
    expect(report.backends.filter((b) => b.active).map((b) => b.name)).toEqual(['cpu']);
  });

  it('formats the report as a table with one row per backend and the active one starred', async () => {
    await initBackend('wasm');
    const text = formatDoctorReport(await doctor());
    expect(text).toContain(`tfjs-core    ${tf.version_core}`);
    expect(text).toContain('wasm SIMD    yes');
    expect(text).toMatch(/^\* wasm\s+yes\s+yes\s+/m);
    expect(text).toMatch(/^ {2}node-gpu\s+no\s+no\s+not installed: npm install @tensorflow\/tfjs-node-gpu/m);
    expect(text.split('\n').filter((l) => l.startsWith('* '))).toHaveLength(1);
  });
});
