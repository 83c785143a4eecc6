import { describe, expect, it } from 'vitest';
import { RESULT_PREFIX, parseResult } from './output';

describe('parseResult', () => {
  const result = { bench: 'core/x', environment: { node: '20' }, settings: { runs: 3 }, results: { ms: 1.5 } };

  it('takes the marked line, even when other JSON follows it', () => {
    const stdout = `${JSON.stringify(result, null, 2)}\n${RESULT_PREFIX}${JSON.stringify(result)}\n{"tfjs":"log"}\n`;
    expect(parseResult(stdout)).toEqual(result);
  });

  it('takes a last-line JSON object as the results of a bench without the marked line', () => {
    const stdout = 'some log line\n{"bench":"bayesopt-transfer","wallSeconds":12}\n\n';
    expect(parseResult(stdout, 'bayesopt/transfer')).toEqual({ bench: 'bayesopt/transfer', environment: {}, settings: {}, results: { bench: 'bayesopt-transfer', wallSeconds: 12 } });
  });

  it('finds nothing in output that ends without JSON', () => {
    expect(parseResult('done\n')).toBeUndefined();
    expect(parseResult('{ not json\n')).toBeUndefined();
    expect(parseResult('')).toBeUndefined();
  });
});
