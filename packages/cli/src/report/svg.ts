/**
 * Minimal SVG charting: linear scales, axes with "nice" ticks, and escaping. Reports are static
 * files that must work offline, so plots are rendered to SVG strings here rather than by a
 * charting library from a CDN.
 */

/** Plot area geometry in pixels. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The default frame of a small multiple. */
export const DEFAULT_FRAME: Frame = { width: 420, height: 260, left: 56, right: 14, top: 18, bottom: 40 };

/** Escapes text for SVG and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A linear map from a data interval to a pixel interval. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
}

/** Round tick positions covering [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** A linear scale from the extent of `values` (padded when flat) onto [from, to]. */
export function linearScale(values: readonly number[], from: number, to: number): Scale {
  const finite = values.filter(Number.isFinite);
  let low = finite.length ? Math.min(...finite) : 0;
  let high = finite.length ? Math.max(...finite) : 1;
  if (high === low) {
    const pad = Math.abs(low) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const scale = ((v: number) => from + ((v - low) / (high - low)) * (to - from)) as Scale;
  return Object.assign(scale, { domain: [low, high] as const, ticks: niceTicks(low, high) });
}

/**
 * The values a y axis should span: all of them, unless a few outliers (diverged trials scored with
 * a cap, say) would flatten the rest; then the top is cut at q90 + 3 (q90 - q10) and points above
 * are drawn at the edge.
 */
export function robustExtent(values: readonly number[]): number[] {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 5) return finite;
  const q = (p: number) => finite[Math.min(finite.length - 1, Math.floor(p * (finite.length - 1)))];
  const top = q(0.9) + 3 * (q(0.9) - q(0.1));
  return finite.filter((v) => v <= top);
}

/** Clamps a pixel coordinate into the plot frame (for clipped outliers). */
export function clampY(frame: Frame, y: number): number {
  return Math.min(frame.height - frame.bottom, Math.max(frame.top, y));
}

/** Formats a tick or a value compactly. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** Axes, grid and labels for a frame with the given scales. */
export function axes(frame: Frame, x: Scale, y: Scale, xLabel: string, yLabel: string): string {
  const { width, height, left, right, top, bottom } = frame;
  const x0 = left;
  const x1 = width - right;
  const y0 = height - bottom;
  const y1 = top;
  const parts: string[] = [];
  for (const t of y.ticks) {
    const py = y(t);
    parts.push(`<line class="grid" x1="${x0}" x2="${x1}" y1="${py}" y2="${py}"/>`);
    parts.push(`<text class="tick" x="${x0 - 6}" y="${py + 4}" text-anchor="end">${formatNumber(t)}</text>`);
  }
  for (const t of x.ticks) {
    const px = x(t);
    parts.push(`<text class="tick" x="${px}" y="${y0 + 16}" text-anchor="middle">${formatNumber(t)}</text>`);
  }
  parts.push(`<line class="axis" x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}"/>`);
  parts.push(`<line class="axis" x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}"/>`);
  parts.push(`<text class="label" x="${(x0 + x1) / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(14 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  return parts.join('');
}

/** Wraps plot content in an <svg> element with a title for accessibility. */
export function svg(frame: Frame, title: string, content: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>${content}</svg>`;
}

/** A polyline through points, skipping non-finite values. */
export function polyline(points: readonly (readonly [number, number])[], cls: string): string {
  const d = points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ');
  return d ? `<polyline class="${cls}" points="${d}"/>` : '';
}
