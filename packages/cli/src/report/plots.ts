import { space as spaceNs } from '@metatune/core';
import { parameterImportance } from './importance';
import type { AdaptationExample, ReportMetaRun, ReportStudy } from './model';
import { DEFAULT_FRAME, type Frame, axes, clampY, escapeXml, formatNumber, linearScale, polyline, robustExtent, svg } from './svg';

function xRange(frame: Frame): [number, number] {
  return [frame.left, frame.width - frame.right];
}
function yRange(frame: Frame): [number, number] {
  return [frame.height - frame.bottom, frame.top];
}

function completed(study: ReportStudy) {
  return study.trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.value));
}

/** Objective value of every completed trial by trial number, with the best value so far. */
export function historyPlot(study: ReportStudy, frame = DEFAULT_FRAME): string {
  const done = completed(study);
  const x = linearScale(study.trials.map((t) => t.number), ...xRange(frame));
  const scale = linearScale(robustExtent(done.map((t) => t.value as number)), ...yRange(frame));
  const y = (v: number) => clampY(frame, scale(v));
  const better = (a: number, b: number) => (study.direction === 'minimize' ? a < b : a > b);
  let best = Number.NaN;
  const bestLine: [number, number][] = [];
  for (const t of done) {
    if (Number.isNaN(best) || better(t.value as number, best)) best = t.value as number;
    bestLine.push([x(t.number), y(best)]);
  }
  const dots = done.map((t) => `<circle class="dot" cx="${x(t.number).toFixed(1)}" cy="${y(t.value as number).toFixed(1)}" r="3"><title>#${t.number}: ${formatNumber(t.value as number)}</title></circle>`).join('');
  return svg(frame, `Optimization history of ${study.name}`, axes(frame, x, scale, 'trial', 'objective') + dots + polyline(bestLine, 'best'));
}

/** One polyline per completed trial across the encoded parameter axes, coloured by rank. */
export function parallelCoordinatesPlot(study: ReportStudy): string {
  const names = Object.keys(study.space);
  const frame: Frame = { width: Math.max(420, 110 * (names.length + 1)), height: 280, left: 40, right: 60, top: 24, bottom: 40 };
  const done = completed(study);
  const axisX = (i: number) => frame.left + (i * (frame.width - frame.left - frame.right)) / Math.max(1, names.length);
  const y = (u: number) => frame.height - frame.bottom - u * (frame.height - frame.bottom - frame.top);
  const values = done.map((t) => t.value as number);
  const vs = linearScale(values, 0, 1);
  const order = [...done].sort((a, b) => (b.value as number) - (a.value as number));
  const lines = order.map((t) => {
    const rank = vs(t.value as number);
    const good = study.direction === 'minimize' ? 1 - rank : rank;
    const pts: [number, number][] = names.map((n, i) => [axisX(i), t.params[n] === undefined ? Number.NaN : y(spaceNs.encodeValue(study.space[n], t.params[n]))]);
    pts.push([axisX(names.length), y(rank)]);
    const hue = Math.round(260 - 200 * good);
    return polyline(pts, 'pc').replace('/>', ` style="stroke:hsl(${hue} 70% 45%)"/>`);
  });
  const axesSvg = [...names, 'objective']
    .map((n, i) => {
      const spec = study.space[n];
      const lo = spec ? (spec.type === 'categorical' ? String(spec.choices[0]) : formatNumber(spec.low)) : formatNumber(vs.domain[0]);
      const hi = spec ? (spec.type === 'categorical' ? String(spec.choices[spec.choices.length - 1]) : formatNumber(spec.high)) : formatNumber(vs.domain[1]);
      const px = axisX(i);
      return `<line class="axis" x1="${px}" x2="${px}" y1="${y(0)}" y2="${y(1)}"/><text class="label" x="${px}" y="${frame.height - 14}" text-anchor="middle">${escapeXml(n)}</text><text class="tick" x="${px + 4}" y="${y(0) - 3}">${escapeXml(lo)}</text><text class="tick" x="${px + 4}" y="${y(1) + 10}">${escapeXml(hi)}</text>`;
    })
    .join('');
  return svg(frame, `Parallel coordinates of ${study.name}`, lines.join('') + axesSvg);
}

/** Horizontal bars of parameter importance. */
export function importancePlot(study: ReportStudy): string {
  const importance = parameterImportance(study);
  const frame: Frame = { width: 420, height: 40 + 26 * importance.length, left: 120, right: 40, top: 10, bottom: 24 };
  const x = linearScale([0, 1], frame.left, frame.width - frame.right);
  const bars = importance
    .map((p, i) => {
      const top = frame.top + i * 26;
      return `<text class="label" x="${frame.left - 6}" y="${top + 15}" text-anchor="end">${escapeXml(p.name)}</text><rect class="bar" x="${frame.left}" y="${top + 3}" width="${Math.max(1, x(p.importance) - frame.left).toFixed(1)}" height="18"/><text class="tick" x="${x(p.importance) + 4}" y="${top + 16}">${(100 * p.importance).toFixed(0)}%</text>`;
    })
    .join('');
  return svg(frame, `Parameter importance of ${study.name}`, bars);
}

/** Objective against each parameter (log parameters on a log10 axis, categoricals by index). */
export function slicePlots(study: ReportStudy): string[] {
  const done = completed(study);
  const frame: Frame = { ...DEFAULT_FRAME, width: 300, height: 220 };
  return Object.entries(study.space).map(([name, spec]) => {
    const rows = done.filter((t) => t.params[name] !== undefined);
    const toX = (v: unknown): number => (spec.type === 'categorical' ? spec.choices.indexOf(v as never) : spec.log ? Math.log10(v as number) : (v as number));
    const x = linearScale(rows.map((t) => toX(t.params[name])), ...xRange(frame));
    const scale = linearScale(robustExtent(rows.map((t) => t.value as number)), ...yRange(frame));
    const y = (v: number) => clampY(frame, scale(v));
    const dots = rows.map((t) => `<circle class="dot" cx="${x(toX(t.params[name])).toFixed(1)}" cy="${y(t.value as number).toFixed(1)}" r="3"><title>#${t.number}</title></circle>`).join('');
    const label = spec.type === 'categorical' ? `${name} (${spec.choices.map(String).join(' | ')})` : spec.log ? `log10(${name})` : name;
    return svg(frame, `Slice of ${study.name} along ${name}`, axes(frame, x, scale, label, 'objective') + dots);
  });
}

/** Meta-train and meta-validation loss by step, the validation with its 95% interval. */
export function learningCurvePlot(run: ReportMetaRun, frame = DEFAULT_FRAME): string {
  const steps = [...run.train.map((p) => p.step), ...run.validation.map((p) => p.step)];
  const losses = [...run.train.map((p) => p.loss), ...run.validation.flatMap((p) => [p.loss - (p.ci95 ?? 0), p.loss + (p.ci95 ?? 0)])];
  const x = linearScale(steps, ...xRange(frame));
  const y = linearScale(losses, ...yRange(frame));
  const band = run.validation.filter((p) => p.ci95 !== undefined);
  const bandPath = band.length
    ? `<polygon class="band" points="${[...band.map((p) => `${x(p.step)},${y(p.loss + (p.ci95 ?? 0))}`), ...[...band].reverse().map((p) => `${x(p.step)},${y(p.loss - (p.ci95 ?? 0))}`)].join(' ')}"/>`
    : '';
  const legend = `<text class="legend train" x="${frame.width - frame.right - 4}" y="${frame.top + 10}" text-anchor="end">meta-train</text><text class="legend validation" x="${frame.width - frame.right - 4}" y="${frame.top + 24}" text-anchor="end">meta-validation (95% CI)</text>`;
  return svg(
    frame,
    `Learning curves of ${run.name}`,
    axes(frame, x, y, 'meta-step', 'loss') + bandPath + polyline(run.train.map((p) => [x(p.step), y(p.loss)]), 'train') + polyline(run.validation.map((p) => [x(p.step), y(p.loss)]), 'validation') + legend,
  );
}

/** A regression task: the true function, the prediction before and after adaptation, the support points. */
export function adaptationPlot(example: AdaptationExample): string {
  const frame: Frame = { ...DEFAULT_FRAME, width: 320, height: 220 };
  const x = linearScale([...example.x, ...example.supportX], ...xRange(frame));
  const y = linearScale([...example.truth, ...example.before, ...example.after, ...example.supportY], ...yRange(frame));
  const curve = (ys: readonly number[], cls: string) => polyline(example.x.map((v, i) => [x(v), y(ys[i])]), cls);
  const support = example.supportX.map((v, i) => `<circle class="support" cx="${x(v).toFixed(1)}" cy="${y(example.supportY[i]).toFixed(1)}" r="3.5"/>`).join('');
  return svg(frame, example.title, axes(frame, x, y, 'x', 'y') + curve(example.truth, 'truth') + curve(example.before, 'before') + curve(example.after, 'after') + support);
}
