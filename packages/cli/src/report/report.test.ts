import { categorical, defineSpace, float, makeKey, Rng, space as spaceNs } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { renderReport } from './html';
import { parameterImportance } from './importance';
import type { ReportStudy } from './model';

function syntheticStudy(): ReportStudy {
  const space = defineSpace({ lr: float(1e-4, 1, { log: true }), noise: float(0, 1), kind: categorical(['a', 'b']) });
  const rng = new Rng(makeKey(0));
  const trials = Array.from({ length: 60 }, (_, number) => {
    const params = spaceNs.sampleUniform(space, rng);
    // the value depends strongly on lr, weakly on kind, not at all on noise
    const value = (Math.log10(params.lr as number) + 2) ** 2 + (params.kind === 'a' ? 1 : 0);
    return number % 15 === 14 ? { number, state: 'FAIL', params, error: 'objective threw <boom>' } : { number, state: 'COMPLETE', params, value, durationMs: 1200 };
  });
  return { name: 'demo <study>', direction: 'minimize', space, trials, facts: { sampler: 'sampler:gp' } };
}

describe('parameterImportance', () => {
  it('ranks the parameter that drives the objective first and the irrelevant one last', () => {
    const ranking = parameterImportance(syntheticStudy());
    expect(ranking[0].name).toBe('lr');
    expect(ranking[0].importance).toBeGreaterThan(0.7);
    expect(ranking[1].name).toBe('kind');
    expect(ranking.find((r) => r.name === 'noise')?.importance).toBeLessThan(0.05);
    expect(ranking.reduce((a, r) => a + r.importance, 0)).toBeCloseTo(1, 9);
  });

  it('reports zero importance when too few trials completed', () => {
    const study = { ...syntheticStudy(), trials: [] };
    expect(parameterImportance(study).every((r) => r.importance === 0)).toBe(true);
  });
});

describe('renderReport', () => {
  const html = renderReport({
    title: 'Report <test>',
    generatedAt: '2026-11-23T00:00:00Z',
    studies: [syntheticStudy()],
    metaRuns: [
      {
        name: 'maml',
        train: [0, 10, 20].map((step) => ({ step, loss: 3 - step / 10 })),
        validation: [0, 20].map((step) => ({ step, loss: 3 - step / 12, ci95: 0.2 })),
        examples: [{ title: 'task 0', x: [0, 1, 2], truth: [0, 1, 0], before: [0, 0, 0], after: [0, 0.9, 0.1], supportX: [0.5], supportY: [0.5] }],
      },
    ],
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('renders every plot with content and the trials table', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    // history, importance, parallel coordinates, 3 slices, learning curve, 1 adaptation example
    expect(svgs.length).toBe(8);
    for (const s of svgs) expect(s).toMatch(/<(circle|polyline|rect|polygon)/);
    expect((html.match(/<tr>/g) ?? []).length).toBe(61);
    expect(html).toContain('4 fail');
  });

  it('escapes user text', () => {
    expect(html).toContain('demo &lt;study&gt;');
    expect(html).toContain('objective threw &lt;boom&gt;');
    expect(html).not.toContain('<boom>');
  });
});

describe('robustExtent', () => {
  it('drops capped outliers that would flatten the rest, and keeps ordinary spreads whole', async () => {
    const { robustExtent } = await import('./svg');
    expect(Math.max(...robustExtent([3.1, 3.3, 3.2, 3.5, 3.4, 100]))).toBe(3.5);
    expect(robustExtent([1, 2, 3, 4, 5, 6])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(robustExtent([100, 1])).toEqual([1, 100]);
  });
});
