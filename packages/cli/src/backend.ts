import { MetatuneError } from '@metatune/core';
import type { EventWriter } from './output/events';

/** Starts a tfjs backend through @metatune/backends (wasm by default) and says which one runs. */
export async function startBackend(name: string, writer: EventWriter): Promise<string> {
  let backends: typeof import('@metatune/backends');
  try {
    backends = await import('@metatune/backends');
  } catch {
    throw new MetatuneError('BACKEND_UNAVAILABLE', '@metatune/backends is not installed', { hint: 'npm install @metatune/backends' });
  }
  const active = await backends.initBackend(name as never);
  writer.emit({ type: 'info', message: `tfjs backend: ${active.name}` });
  return active.name;
}
