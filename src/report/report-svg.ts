/**
 * The run report's charts as inline SVG (no script): the file timeline and
 * step charts over time.
 * @packageDocumentation
 */
import type { FileTiming } from './report-data.js';

/** Escapes text for HTML/SVG. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Stage colours (shared with the legend). */
export const STAGE_COLOURS = { read: '#4e79a7', process: '#f28e2b', write: '#59a14f', whole: '#9c9c9c', failed: '#e15759' } as const;

const W = 1200;
const LEFT = 60;
const RIGHT = 20;
const PLOT = W - LEFT - RIGHT;

/** Round numbers for an axis from 0 to `max`. */
function ticks(max: number, count = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function timeAxis(duration: number, height: number): string {
  return ticks(duration)
    .map((t) => {
      const x = LEFT + (t / duration) * PLOT;
      return `<line x1="${x}" y1="0" x2="${x}" y2="${height}" class="grid"/><text x="${x}" y="${height + 14}" text-anchor="middle">${t}s</text>`;
    })
    .join('');
}

/** One bar per file (rows in start order): read / process / write segments, or the whole time in flight when stages are unknown. */
export function timelineSvg(files: readonly FileTiming[], duration: number): string {
  const shown = files.filter((f) => f.start !== undefined && f.end !== undefined).sort((a, b) => (a.start as number) - (b.start as number));
  if (shown.length === 0 || !(duration > 0)) return '<p class="note">No file was timed in this process (journal reuse, or an executor running files elsewhere).</p>';
  const row = Math.max(2, Math.min(14, Math.floor(900 / shown.length)));
  const height = shown.length * row;
  const x = (t: number): number => LEFT + (t / duration) * PLOT;
  const bars = shown.map((f, i) => {
    const y = i * row;
    const h = Math.max(1, row - (row > 4 ? 1 : 0));
    const start = f.start as number;
    const end = f.end as number;
    const cuts: Array<[number, string]> = [];
    if (f.stages.read !== undefined || f.stages.process !== undefined || f.stages.write !== undefined) {
      const read = f.stages.read ?? start;
      const process = f.stages.process ?? end;
      const write = f.stages.write ?? end;
      cuts.push([start, STAGE_COLOURS.read], [Math.max(read, process), STAGE_COLOURS.process], [Math.max(process, write), STAGE_COLOURS.write]);
    } else {
      cuts.push([start, STAGE_COLOURS.whole]);
    }
    const segs = cuts
      .map(([from, colour], k) => {
        const to = Math.min(end, cuts[k + 1]?.[0] ?? end);
        return to > from ? `<rect x="${x(from).toFixed(2)}" y="${y}" width="${Math.max(0.5, x(to) - x(from)).toFixed(2)}" height="${h}" fill="${colour}"/>` : '';
      })
      .join('');
    // a failed file's row is tinted across the plot, so even a file that failed at once stands out
    const fail =
      f.state === 'failed'
        ? `<rect x="${LEFT}" y="${y}" width="${PLOT}" height="${h}" fill="${STAGE_COLOURS.failed}" fill-opacity="0.15"/><rect x="${x(start).toFixed(2)}" y="${y}" width="${Math.max(3, x(end) - x(start)).toFixed(2)}" height="${h}" fill="none" stroke="${STAGE_COLOURS.failed}" stroke-width="2"/>`
        : '';
    return `<g><title>${esc(f.label)}: ${(end - start).toFixed(3)} s${f.state === 'failed' ? ' (failed)' : ''}</title>${fail}${segs}</g>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${height + 20}" width="${W}" height="${height + 20}" role="img" aria-label="timeline of the files">${timeAxis(duration, height)}${bars.join('')}</svg>`;
}

/** A step chart of `series` over time with optional dashed horizontal limits. */
export function stepChartSvg(
  points: ReadonlyArray<{ t: number; v: number }>,
  duration: number,
  opts: { label: (v: number) => string; limits: ReadonlyArray<{ v: number; name: string; colour: string }>; colour: string; height?: number },
): string {
  const height = opts.height ?? 160;
  const top = Math.max(...points.map((p) => p.v), ...opts.limits.map((l) => l.v), 1) * 1.1;
  const y = (v: number): number => height - (v / top) * height;
  const x = (t: number): number => LEFT + (duration > 0 ? (t / duration) * PLOT : 0);
  let d = '';
  points.forEach((p, i) => {
    d += i === 0 ? `M${x(p.t).toFixed(2)},${y(p.v).toFixed(2)}` : `H${x(p.t).toFixed(2)}V${y(p.v).toFixed(2)}`;
  });
  if (points.length > 0) d += `H${x(duration).toFixed(2)}`;
  const yTicks = ticks(top, 4)
    .map((v) => `<line x1="${LEFT}" y1="${y(v)}" x2="${W - RIGHT}" y2="${y(v)}" class="grid"/><text x="${LEFT - 4}" y="${y(v) + 4}" text-anchor="end">${esc(opts.label(v))}</text>`)
    .join('');
  const limits = opts.limits
    .map((l) => `<line x1="${LEFT}" y1="${y(l.v)}" x2="${W - RIGHT}" y2="${y(l.v)}" stroke="${l.colour}" stroke-dasharray="6 4" stroke-width="1.5"/><text x="${LEFT + 6}" y="${y(l.v) - 4}" fill="${l.colour}">${esc(l.name)}</text>`)
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${height + 20}" width="${W}" height="${height + 20}" role="img">${yTicks}${timeAxis(duration, height)}${limits}<path d="${d}" fill="none" stroke="${opts.colour}" stroke-width="2"/></svg>`;
}
