import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/backends';
import { loadCheckpoint, saveCheckpoint, type TrainingCheckpoint } from './checkpoint';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'metatune-ckpt-'));
  dirs.push(dir);
  return dir;
}

function checkpointAt(step: number, value: number): TrainingCheckpoint {
  return {
    learner: 'toy',
    step,
    key: [1, 2],
    state: { tensors: { w: tf.tensor1d([value, value / 3]), opt: { step: tf.scalar(step) } }, meta: { fingerprint: 'w[2]' } },
    loop: { sinceBest: 1 },
  };
}

describe('checkpoints on disk', () => {
  beforeAll(() => useBackend('cpu'));
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('round-trips tensors bit for bit, with the step, key, metadata and loop state', async () => {
    const dir = await tempDir();
    const saved = checkpointAt(7, 0.1);
    await saveCheckpoint(dir, saved);
    const loaded = await loadCheckpoint(dir);
    expect(loaded?.step).toBe(7);
    expect(loaded?.key).toEqual([1, 2]);
    expect(loaded?.learner).toBe('toy');
    expect(loaded?.state.meta).toEqual({ fingerprint: 'w[2]' });
    expect(loaded?.loop).toEqual({ sinceBest: 1 });
    const w = loaded?.state.tensors.w as tf.Tensor;
    expect(Array.from(w.dataSync())).toEqual(Array.from((saved.state.tensors.w as tf.Tensor).dataSync()));
  });

  it('returns undefined for an empty directory', async () => {
    expect(await loadCheckpoint(await tempDir())).toBeUndefined();
  });

  it('keeps only the committed tensors file, and a half-written newer one does not hide the last good checkpoint', async () => {
    const dir = await tempDir();
    await saveCheckpoint(dir, checkpointAt(1, 1));
    await saveCheckpoint(dir, checkpointAt(2, 2));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'tensors-2.bin']);
    // A process killed while writing step 3: its tensors (or their temp file) exist, the metadata was never committed.
    await writeFile(join(dir, 'tensors-3.bin'), new Uint8Array([1, 2, 3]));
    await writeFile(join(dir, 'checkpoint.json.tmp-999'), '{"format":');
    const loaded = await loadCheckpoint(dir);
    expect(loaded?.step).toBe(2);
    expect((loaded?.state.tensors.w as tf.Tensor).dataSync()[0]).toBe(2);
  });

  it('rejects a corrupted metadata file and a corrupted tensors file with DATA_CORRUPT', async () => {
    const dir = await tempDir();
    await saveCheckpoint(dir, checkpointAt(4, 4));
    await writeFile(join(dir, 'tensors-4.bin'), new Uint8Array(40));
    await expect(loadCheckpoint(dir)).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    await writeFile(join(dir, 'checkpoint.json'), 'not json');
    await expect(loadCheckpoint(dir)).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
  });
});
