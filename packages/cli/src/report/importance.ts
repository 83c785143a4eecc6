import { isActive, space as spaceNs } from '@metatune/core';
import type { ReportStudy } from './model';

/**
 * Parameter importance as the bias-adjusted correlation ratio (epsilon squared) of each
 * parameter's main effect: the share of the objective's variance explained by the mean objective
 * within bins of the parameter (categories, or equal bins of its unit-cube encoding), minus what
 * that many bins would explain by chance, clipped at 0 and normalised to sum to 1.
 * A cheap first-order stand-in for fANOVA that needs no model; it ignores interactions, which
 * the parallel-coordinates plot shows instead.
 */
export function parameterImportance(study: ReportStudy, bins = 5): { name: string; importance: number }[] {
  const complete = study.trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.value));
  const names = Object.keys(study.space);
  if (complete.length < 3) return names.map((name) => ({ name, importance: 0 }));
  const values = complete.map((t) => t.value as number);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const total = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  const raw = names.map((name) => {
    const spec = study.space[name];
    const groups = new Map<string, number[]>();
    complete.forEach((t, i) => {
      if (!isActive(study.space, name, t.params as never) || t.params[name] === undefined) return;
      const key = spec.type === 'categorical' ? String(t.params[name]) : String(Math.min(bins - 1, Math.floor(spaceNs.encodeValue(spec, t.params[name]) * bins)));
      const g = groups.get(key) ?? [];
      g.push(values[i]);
      groups.set(key, g);
    });
    let between = 0;
    let n = 0;
    for (const g of groups.values()) {
      const m = g.reduce((a, b) => a + b, 0) / g.length;
      between += g.length * (m - mean) ** 2;
      n += g.length;
    }
    const k = groups.size;
    const withinMeanSquare = n > k ? (total - between) / (n - k) : 0;
    return { name, importance: total > 0 && k > 1 ? Math.max(0, (between - (k - 1) * withinMeanSquare) / total) : 0 };
  });
  const sum = raw.reduce((a, r) => a + r.importance, 0);
  return raw.map((r) => ({ name: r.name, importance: sum > 0 ? r.importance / sum : 0 })).sort((a, b) => b.importance - a.importance);
}
