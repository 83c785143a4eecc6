import { describe, expect, it } from 'vitest';
import { MetatuneError } from '@metatune/core';
import { BACKENDS } from './names';
import { importOptional, isMissingPackage } from './optional';

/** A MetatuneError's message is the problem followed by the hint in parentheses. */
function withHint(message: string, error: MetatuneError): string {
  return `${message} (${error.hint})`;
}

describe('importOptional', () => {
  it('turns the real "not installed" failure of a dynamic import into an install hint', async () => {
    // @tensorflow/tfjs-backend-webgl is not installed in this repository: a real ERR_MODULE_NOT_FOUND.
    const spec = BACKENDS.webgl;
    const error = await importOptional(spec).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MetatuneError);
    expect((error as MetatuneError).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as MetatuneError).message).toBe(withHint('backend "webgl" needs @tensorflow/tfjs-backend-webgl, which is not installed', (error as MetatuneError)));
    expect((error as MetatuneError).hint).toContain('npm install @tensorflow/tfjs-backend-webgl@^4.22.0');
    expect(isMissingPackage((error as MetatuneError).cause, spec.packageName)).toBe(true);
  });

  it('reports an installed package that fails to load differently from a missing one', async () => {
    const broken = async () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file');
    };
    const error = (await importOptional(BACKENDS.node, broken).catch((e: unknown) => e)) as MetatuneError;
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(/@tensorflow\/tfjs-node is installed but failed to load: libtensorflow/);
  });

  it('does not mistake a missing dependency of the package for the package itself', () => {
    const inner = Object.assign(new Error("Cannot find package 'node-pre-gyp' imported from /x/@tensorflow/tfjs-node/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isMissingPackage(inner, '@tensorflow/tfjs-node')).toBe(false);
    const itself = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /app/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isMissingPackage(itself, '@tensorflow/tfjs-node')).toBe(true);
    // Vite / esbuild wording, as seen under vitest.
    expect(isMissingPackage(new Error('Could not resolve "@tensorflow/tfjs-node" imported by "@metatune/backends".'), '@tensorflow/tfjs-node')).toBe(true);
    const unrelated = Object.assign(new Error("Cannot find package 'foo'"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isMissingPackage(unrelated, '@tensorflow/tfjs-node')).toBe(false);
  });
});
