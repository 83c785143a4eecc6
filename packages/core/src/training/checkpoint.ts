/**
 * Checkpoints on disk: a directory holding `checkpoint.json` (step, RNG key, learner metadata,
 * loop bookkeeping) and one binary tensors file it names. Writes are atomic: the tensors go to a
 * new file (temp + rename), then `checkpoint.json` is replaced by rename, which is the commit
 * point; a process killed at any moment leaves the previous checkpoint readable.
 * Node's `fs` is imported lazily so that core stays loadable in browsers.
 */
import { MetatuneError } from '../errors';
import type { JsonValue, MetaLearnerCheckpoint } from '../contracts/meta-learner';
import { assertKey, type Key } from '../random/key';
import { loadParamsBinary, saveParamsBinary } from '../params/binary';

/** The `format` field of `checkpoint.json`. */
export const CHECKPOINT_FORMAT = 'metatune.checkpoint';
/** The checkpoint format version this module writes and reads. */
export const CHECKPOINT_VERSION = 1;
const META_FILE = 'checkpoint.json';

/** Everything the training loop saves: the learner's checkpoint plus the loop's own state. */
export interface TrainingCheckpoint {
  /** Name of the learner (`MetaLearner.name`); a checkpoint of another learner is refused. */
  readonly learner: string;
  /** Meta-steps completed. */
  readonly step: number;
  /** The loop's base key (task batches are drawn from `foldIn(key, step)`). */
  readonly key: Key;
  /** The learner's tensors and metadata (`MetaLearner.checkpoint`). */
  readonly state: MetaLearnerCheckpoint;
  /** Loop bookkeeping (early stopping, validation history). */
  readonly loop: { readonly [key: string]: JsonValue };
}

interface MetaFile {
  format: string;
  version: number;
  learner: string;
  step: number;
  key: [number, number];
  tensorsFile: string;
  learnerMeta: { [key: string]: JsonValue };
  loop: { [key: string]: JsonValue };
}

type Fs = typeof import('node:fs/promises');
type PathModule = typeof import('node:path');

// Variables, not string literals: a browser bundle of core must not try to resolve Node's
// modules (esbuild refuses `node:` imports for the browser; Vite warns), and checkpoints on disk
// are the only part of core that needs them.
const FS_MODULE = 'node:fs/promises';
const PATH_MODULE = 'node:path';

async function nodeModules(): Promise<{ fs: Fs; path: PathModule }> {
  try {
    const [fs, path] = (await Promise.all([import(/* @vite-ignore */ FS_MODULE), import(/* @vite-ignore */ PATH_MODULE)])) as [Fs, PathModule];
    return { fs, path };
  } catch (cause) {
    throw new MetatuneError('INVALID_ARGUMENT', 'checkpoints on disk need Node.js (node:fs)', {
      hint: 'in a browser, keep MetaLearner.checkpoint(state) in memory or IndexedDB yourself',
      cause,
    });
  }
}

function storageError(message: string, cause: unknown): MetatuneError {
  return new MetatuneError('STORAGE', message, { hint: 'check that the directory exists and is writable', cause });
}

async function writeAtomic(fs: Fs, file: string, data: Uint8Array | string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

/**
 * Saves `checkpoint` into directory `dir` (created if missing), atomically replacing the
 * checkpoint there. Older tensors files are removed only after the new metadata is committed.
 */
export async function saveCheckpoint(dir: string, checkpoint: TrainingCheckpoint): Promise<void> {
  const { fs, path } = await nodeModules();
  const bytes = saveParamsBinary(checkpoint.state.tensors);
  const tensorsFile = `tensors-${checkpoint.step}.bin`;
  const meta: MetaFile = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    learner: checkpoint.learner,
    step: checkpoint.step,
    key: [checkpoint.key[0], checkpoint.key[1]],
    tensorsFile,
    learnerMeta: { ...checkpoint.state.meta },
    loop: { ...checkpoint.loop },
  };
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomic(fs, path.join(dir, tensorsFile), bytes);
    await writeAtomic(fs, path.join(dir, META_FILE), JSON.stringify(meta));
  } catch (cause) {
    throw storageError(`could not write the checkpoint of step ${checkpoint.step} to ${dir}`, cause);
  }
  // Housekeeping after the commit: a failure here leaves a stale file, never a broken checkpoint.
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (/^tensors-\d+\.bin$/.test(name) && name !== tensorsFile) await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

function corrupt(dir: string, problem: string): MetatuneError {
  return new MetatuneError('DATA_CORRUPT', `checkpoint in ${dir}: ${problem}`, {
    hint: 'point to a directory written by saveCheckpoint / runMetaTraining, or start without resuming',
  });
}

/** Reads the checkpoint in `dir`, or `undefined` when the directory holds none. */
export async function loadCheckpoint(dir: string): Promise<TrainingCheckpoint | undefined> {
  const { fs, path } = await nodeModules();
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, META_FILE), 'utf8');
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ENOENT') return undefined;
    throw storageError(`could not read ${path.join(dir, META_FILE)}`, cause);
  }
  let meta: MetaFile;
  try {
    meta = JSON.parse(text) as MetaFile;
  } catch {
    throw corrupt(dir, `${META_FILE} is not valid JSON`);
  }
  if (meta?.format !== CHECKPOINT_FORMAT) throw corrupt(dir, `${META_FILE} is not a metatune checkpoint`);
  if (meta.version !== CHECKPOINT_VERSION) throw corrupt(dir, `format version ${meta.version} is not supported (expected ${CHECKPOINT_VERSION})`);
  if (!Number.isInteger(meta.step) || meta.step < 0) throw corrupt(dir, `step ${String(meta.step)} is not a count`);
  if (typeof meta.tensorsFile !== 'string' || !/^tensors-\d+\.bin$/.test(meta.tensorsFile)) throw corrupt(dir, 'the tensors file name is invalid');
  const key = assertKey(meta.key, 'checkpoint key');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(path.join(dir, meta.tensorsFile)));
  } catch (cause) {
    throw new MetatuneError('DATA_CORRUPT', `checkpoint in ${dir}: its tensors file ${meta.tensorsFile} cannot be read`, { cause });
  }
  return {
    learner: String(meta.learner),
    step: meta.step,
    key,
    state: { tensors: loadParamsBinary(bytes), meta: meta.learnerMeta ?? {} },
    loop: meta.loop ?? {},
  };
}
