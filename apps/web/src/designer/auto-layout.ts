import type { Workflow } from '@statecraft/schema';

export interface Point {
  x: number;
  y: number;
}

/**
 * Lays a workflow out top to bottom in layers: a state's layer is its shortest distance from the
 * initial state(s) along transitions (unreachable states go last), states in a layer sit side by
 * side (at most `maxPerRow`, then wrapping), ordered by the mean row of their predecessors to keep edges short.
 *
 * @example autoLayout(workflow).get('paid') // { x: 0, y: 110 }
 */
export function autoLayout(wf: Pick<Workflow, 'states' | 'transitions'>, gap = { x: 210, y: 110 }, maxPerRow = 8): Map<string, Point> {
  const ids = wf.states.map((s) => s.id);
  const next = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  const prev = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  for (const t of wf.transitions) {
    for (const f of t.from) {
      if (f === t.to || !next.has(f) || !next.has(t.to)) continue;
      next.get(f)!.add(t.to);
      prev.get(t.to)!.add(f);
    }
  }
  const layer = new Map<string, number>();
  let frontier = wf.states.filter((s) => s.kind === 'initial').map((s) => s.id);
  if (frontier.length === 0 && ids.length) frontier = [ids[0]!];
  for (const id of frontier) layer.set(id, 0);
  while (frontier.length) {
    const upcoming: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id)!) {
        if (layer.has(n)) continue;
        layer.set(n, layer.get(id)! + 1);
        upcoming.push(n);
      }
    }
    frontier = upcoming;
  }
  const last = Math.max(-1, ...layer.values()) + 1;
  for (const id of ids) if (!layer.has(id)) layer.set(id, last);
  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  const row = new Map<string, number>();
  const out = new Map<string, Point>();
  let y = 0;
  for (const members of layers) {
    if (!members) continue;
    const score = (id: string) => {
      const ps = [...prev.get(id)!].filter((p) => row.has(p));
      return ps.length ? ps.reduce((a, p) => a + row.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...members].sort((a, b) => score(a) - score(b));
    // A wide layer wraps onto several rows, so big workflows stay readable when fitted to the screen.
    sorted.forEach((id, i) => {
      const x = i % maxPerRow;
      row.set(id, x);
      out.set(id, { x: x * gap.x, y: (y + Math.floor(i / maxPerRow)) * gap.y });
    });
    y += Math.ceil(sorted.length / maxPerRow);
  }
  return out;
}
