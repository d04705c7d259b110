/**
 * Benchmark figures, printed one per line as `name: value unit (ratio to baseline)` and saved to
 * bench/results.json. A figure's baseline is measured in the same run on the same machine, so the
 * ratio means something even when the machine is busy or slow.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The baseline this figure is compared with, measured in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** The target, in words, e.g. "≥ 0.25 of raw insert rate". */
  target?: string;
  /** Whether the target is met; absent when the figure has no target. */
  met?: boolean;
}

export class Report {
  readonly figures: Figure[] = [];

  /**
   * Adds a figure and prints it.
   *
   * @example report.add('transition.engine+store', 8123, 'transitions/s', { baseline: raw, target: { min: 0.25 } })
   */
  add(name: string, value: number, unit: string, opts: { baseline?: Figure; target?: { minRatio?: number; min?: number; maxRatio?: number; max?: number } } = {}): Figure {
    const fig: Figure = { name, value, unit };
    if (opts.baseline) {
      fig.baseline = { name: opts.baseline.name, value: opts.baseline.value };
      fig.ratio = value / opts.baseline.value;
    }
    const t = opts.target;
    if (t) {
      const parts: string[] = [];
      let met = true;
      if (t.minRatio !== undefined) { parts.push(`ratio ≥ ${t.minRatio}`); met &&= (fig.ratio ?? 0) >= t.minRatio; }
      if (t.maxRatio !== undefined) { parts.push(`ratio ≤ ${t.maxRatio}`); met &&= (fig.ratio ?? Infinity) <= t.maxRatio; }
      if (t.min !== undefined) { parts.push(`≥ ${t.min} ${unit}`); met &&= value >= t.min; }
      if (t.max !== undefined) { parts.push(`≤ ${t.max} ${unit}`); met &&= value <= t.max; }
      fig.target = parts.join(', ');
      fig.met = met;
    }
    this.figures.push(fig);
    console.log(formatFigure(fig));
    return fig;
  }
}

function round(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 3);
}

export function formatFigure(f: Figure): string {
  const ratio = f.baseline ? ` (${f.ratio!.toFixed(2)}× ${f.baseline.name})` : '';
  const target = f.target ? ` [target ${f.target}: ${f.met ? 'met' : 'NOT met'}]` : '';
  return `${f.name}: ${round(f.value)} ${f.unit}${ratio}${target}`;
}

/** Runs `fn` `n` times (or for the given rows) and returns operations per second. */
export async function ratePerSecond(count: number, fn: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}
