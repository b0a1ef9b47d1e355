/**
 * The run report as one self-contained HTML page: inline CSS and SVG, no
 * script, no network.
 * @packageDocumentation
 */
import type { FileTiming, ReportData } from './report-data.js';
import { esc, STAGE_COLOURS, stepChartSvg, timelineSvg } from './report-svg.js';

/** How many of the slowest files the report lists. */
const SLOWEST = 10;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1260px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:20px}.bad b{color:${STAGE_COLOURS.failed}}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}.msg{font-family:ui-monospace,monospace;white-space:pre-wrap;max-width:800px}
svg.chart{display:block;font-size:11px;fill:#444}svg .grid{stroke:#eee}.note{color:#666}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.thumbs{display:flex;gap:12px;flex-wrap:wrap}.thumbs figure{margin:0}.thumbs figcaption{font-size:12px;max-width:180px;word-break:break-all}`;

const MIB = 2 ** 20;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes >= 10 * MIB ? 0 : 1)} MiB`;
}

function card(label: string, value: string, cls = ''): string {
  return `<div class="card ${cls}">${esc(label)}<b>${esc(value)}</b></div>`;
}

function seconds(f: FileTiming): number {
  return (f.end as number) - (f.start as number);
}

function stageTimes(f: FileTiming): string {
  const { read, process, write } = f.stages;
  const end = f.end as number;
  const part = (from: number | undefined, to: number | undefined): string => (from === undefined ? '' : ((to ?? end) - from).toFixed(3));
  return `<td class="num">${part(read, process ?? write)}</td><td class="num">${part(process, write)}</td><td class="num">${part(write, undefined)}</td>`;
}

/** The report page. */
export function renderReport(d: ReportData): string {
  const timed = d.files.filter((f) => f.start !== undefined && f.end !== undefined);
  const count = (state: FileTiming['state']): number => d.files.filter((f) => f.state === state).length;
  const failed = d.files.filter((f) => f.error);
  const done = count('ok') + count('failed');
  const rate = d.duration > 0 ? done / d.duration : 0;
  const times = timed.map(seconds).sort((a, b) => a - b);
  const median = times.length ? (times[Math.floor((times.length - 1) / 2)] as number) : 0;
  const peak = Math.max(0, ...d.samples.map((s) => s.inFlight));
  const peakRss = Math.max(0, ...d.samples.map((s) => s.rss));

  const completions = timed
    .map((f) => f.end as number)
    .sort((a, b) => a - b)
    .map((t, i) => ({ t, v: i + 1 }));
  // memory charts count MiB, so their axes tick at round MiB
  const memLimits = d.memBudget === undefined ? [] : [{ v: d.memBudget / MIB, name: `memory budget ${mib(d.memBudget)}`, colour: STAGE_COLOURS.failed }];
  const claimed = d.processSize ? d.samples.map((s) => ({ t: s.t, v: (s.inFlight * (d.processSize as number)) / MIB })) : [];
  const mibLabel = (v: number): string => `${v} MiB`;

  const slowest = [...timed]
    .sort((a, b) => seconds(b) - seconds(a))
    .slice(0, SLOWEST)
    .map((f) => `<tr><td>${esc(f.label)}</td><td class="num">${seconds(f).toFixed(3)}</td>${stageTimes(f)}<td>${esc(f.state)}</td></tr>`)
    .join('');
  const failures = failed.map((f) => `<tr><td>${esc(f.label)}</td><td>${esc(f.error?.name ?? '')}</td><td class="msg">${esc(f.error?.message ?? '')}</td></tr>`).join('');
  const options = d.options.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="msg">${esc(v)}</td></tr>`).join('');
  const thumbs = d.thumbnails
    .map((t) => `<figure><img src="data:image/png;base64,${t.png}" alt="preview of ${esc(t.outname)}"><figcaption>${esc(t.outname)}</figcaption></figure>`)
    .join('');
  const legend = (['read', 'process', 'write', 'whole'] as const).map((k) => `<span style="background:${STAGE_COLOURS[k]}"></span>${k === 'whole' ? 'in flight (stages unknown)' : k}`).join('');

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>bigmultipipe run report ${esc(d.startedAt.toISOString())}</title><style>${CSS}</style></head><body>
<h1>bigmultipipe run report</h1>
<p class="note">Started ${esc(d.startedAt.toISOString())}; took ${d.duration.toFixed(2)} s.</p>
<div class="cards">${card('files', String(d.files.length))}${card('succeeded', String(count('ok')))}${card('failed', String(count('failed')), count('failed') ? 'bad' : '')}${count('from journal') ? card('from journal', String(count('from journal'))) : ''}${count('not started') ? card('not started', String(count('not started')), 'bad') : ''}${card('throughput', `${rate.toFixed(2)} files/s`)}${card('median file', `${median.toFixed(3)} s`)}${card('peak in flight', `${peak} of ${d.limit}`)}${card('peak RSS', mib(peakRss))}</div>
<h2>Timeline</h2><p class="legend">One bar per file, in start order:${legend}<span style="border:2px solid ${STAGE_COLOURS.failed};background:none"></span>failed</p>
${timelineSvg(d.files, d.duration)}
<h2>Files in flight</h2>${stepChartSvg(
    d.samples.map((s) => ({ t: s.t, v: s.inFlight })),
    d.duration,
    { label: String, limits: [{ v: d.limit, name: `limit ${d.limit}`, colour: STAGE_COLOURS.failed }], colour: STAGE_COLOURS.read },
  )}
<h2>Memory</h2><p class="note">Resident memory of the process (solid)${d.processSize ? `; files in flight × processSize ${mib(d.processSize)} (orange)` : '; no processSize was given, so the memory each file claims is unknown'}; the run's budget (dashed).</p>
${stepChartSvg(
    d.samples.map((s) => ({ t: s.t, v: s.rss / MIB })),
    d.duration,
    { label: mibLabel, limits: memLimits, colour: STAGE_COLOURS.write },
  )}${claimed.length ? stepChartSvg(claimed, d.duration, { label: mibLabel, limits: memLimits, colour: STAGE_COLOURS.process, height: 100 }) : ''}
<h2>Throughput</h2><p class="note">Files finished over time: ${rate.toFixed(2)} files/s overall.</p>
${stepChartSvg(completions, d.duration, { label: String, limits: [], colour: STAGE_COLOURS.process })}
<h2>Slowest files</h2>${slowest ? `<table><tr><th>file</th><th>seconds</th><th>read</th><th>process</th><th>write</th><th>state</th></tr>${slowest}</table>` : '<p class="note">None timed.</p>'}
<h2>Failures (${failed.length})</h2>${failures ? `<table><tr><th>file</th><th>error</th><th>message</th></tr>${failures}</table>` : '<p class="note">None.</p>'}
<h2>Options of the run</h2><table>${options}</table>
${thumbs ? `<h2>First outputs</h2><div class="thumbs">${thumbs}</div>` : ''}
</body></html>
`;
}
