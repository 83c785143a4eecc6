import type { ReportData, ReportStudy } from './model';
import { adaptationPlot, historyPlot, importancePlot, learningCurvePlot, parallelCoordinatesPlot, slicePlots } from './plots';
import { escapeXml, formatNumber } from './svg';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f7f8fa}
header{background:#1d2b4f;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.8}
main{padding:8px 28px 40px;max-width:1400px}section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:16px 20px;margin:18px 0}
h2{margin:0 0 6px;font-size:18px}h3{font-size:15px;margin:14px 0 6px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 10px}dt{color:#5b6475}dd{margin:0}
.plots{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.plots svg{background:#fff;border:1px solid #eef0f3;border-radius:6px;max-width:100%;height:auto}
.grid{stroke:#eef0f3}.axis{stroke:#8a93a5}.tick{font-size:10px;fill:#5b6475}.label{font-size:11px;fill:#1d2330}
.dot{fill:#4f6bd8;fill-opacity:.6}.best{fill:none;stroke:#e0552f;stroke-width:2}.pc{fill:none;stroke-width:1.2;stroke-opacity:.55}
.bar{fill:#4f6bd8}.train{fill:none;stroke:#4f6bd8;stroke-width:1.5}.validation{fill:none;stroke:#e0552f;stroke-width:2}.band{fill:#e0552f;fill-opacity:.15}
.legend{font-size:11px}.legend.train{fill:#4f6bd8;stroke:none}.legend.validation{fill:#e0552f;stroke:none}
.truth{fill:none;stroke:#1d2330;stroke-width:1.5;stroke-dasharray:4 3}.before{fill:none;stroke:#8a93a5;stroke-width:1.5}.after{fill:none;stroke:#2f9e6a;stroke-width:2}.support{fill:#e0552f}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #eef0f3;padding:3px 8px;text-align:right}th{background:#f2f4f7;position:sticky;top:0}td.state{text-align:left}
.tablewrap{max-height:420px;overflow:auto}.FAIL{color:#c0392b}.PRUNED{color:#8a6d00}
`;

function facts(map: Readonly<Record<string, string>> | undefined): string {
  if (!map || Object.keys(map).length === 0) return '';
  return `<dl>${Object.entries(map).map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`;
}

function trialsTable(study: ReportStudy): string {
  const names = Object.keys(study.space);
  const head = `<tr><th>#</th><th>state</th><th>value</th>${names.map((n) => `<th>${escapeXml(n)}</th>`).join('')}<th>seconds</th></tr>`;
  const rows = study.trials
    .map((t) => {
      const cells = names.map((n) => `<td>${t.params[n] === undefined ? '' : escapeXml(typeof t.params[n] === 'number' ? formatNumber(t.params[n] as number) : String(t.params[n]))}</td>`).join('');
      const value = t.value === undefined ? (t.error ? `<span title="${escapeXml(t.error)}">error</span>` : '') : formatNumber(t.value);
      return `<tr><td>${t.number}</td><td class="state ${escapeXml(t.state)}">${escapeXml(t.state)}</td><td>${value}</td>${cells}<td>${t.durationMs === undefined ? '' : (t.durationMs / 1000).toFixed(2)}</td></tr>`;
    })
    .join('');
  return `<div class="tablewrap"><table>${head}${rows}</table></div>`;
}

function bestLine(study: ReportStudy): string {
  const done = study.trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.value));
  if (done.length === 0) return '<p>No completed trial yet.</p>';
  const best = done.reduce((a, b) => ((study.direction === 'minimize' ? (b.value as number) < (a.value as number) : (b.value as number) > (a.value as number)) ? b : a));
  const params = Object.entries(best.params).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(', ');
  const counts = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'].map((s) => [s, study.trials.filter((t) => t.state === s).length] as const).filter(([, n]) => n > 0);
  return `<p><b>Best:</b> trial #${best.number}, value ${formatNumber(best.value as number)} (${study.direction}) with ${escapeXml(params)}.<br>${counts.map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}.</p>`;
}

function studySection(study: ReportStudy): string {
  return `<section class="study"><h2>Study ${escapeXml(study.name)}</h2>${facts(study.facts)}${bestLine(study)}
<h3>Optimization history</h3><div class="plots">${historyPlot(study)}${importancePlot(study)}</div>
<h3>Parallel coordinates</h3><div class="plots">${parallelCoordinatesPlot(study)}</div>
<h3>Slices</h3><div class="plots">${slicePlots(study).join('')}</div>
<h3>Trials</h3>${trialsTable(study)}</section>`;
}

function metaRunSection(run: ReportData['metaRuns'][number]): string {
  const examples = run.examples?.length ? `<h3>Held-out tasks before (grey) and after (green) adaptation; dashed: truth, dots: support set</h3><div class="plots">${run.examples.map(adaptationPlot).join('')}</div>` : '';
  return `<section class="meta-run"><h2>Meta-training ${escapeXml(run.name)}</h2>${facts(run.facts)}<div class="plots">${learningCurvePlot(run)}</div>${examples}</section>`;
}

/** Renders a self-contained HTML report: inline CSS and SVG, no scripts, no network. */
export function renderReport(data: ReportData): string {
  const body = [...data.studies.map(studySection), ...data.metaRuns.map(metaRunSection)].join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeXml(data.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeXml(data.title)}</h1><p>metatune report, generated ${escapeXml(data.generatedAt)}</p></header><main>${body || '<section><p>Nothing to report yet.</p></section>'}</main></body></html>\n`;
}
