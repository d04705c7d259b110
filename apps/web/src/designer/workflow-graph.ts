import { MarkerType, type Edge } from '@xyflow/react';
import type { Workflow } from '@statecraft/schema';
import type { I18n } from '../i18n/I18nContext.tsx';
import { autoLayout } from './auto-layout.ts';
import type { ProblemIndex } from './problem-map.ts';
import type { StateFlowNode } from './StateNode.tsx';

/** The canvas's selection: a state or a transition, by id. */
export type CanvasSelection = { kind: 'state' | 'transition'; id: string } | null;

export const MISSING_PREFIX = 'missing:';

/**
 * The workflow as React Flow nodes and edges: a node per state (at its saved position, or where
 * auto-layout puts it), a ghost node per state that transitions name but that does not exist,
 * an edge per (transition, from-state), problems attached to the node or edge they concern.
 */
export function workflowGraph(wf: Workflow, problems: ProblemIndex, selection: CanvasSelection, tx: I18n['tx']): { nodes: StateFlowNode[]; edges: Edge[] } {
  const layout = wf.states.some((s) => !s.position) ? autoLayout(wf) : null;
  const known = new Set(wf.states.map((s) => s.id));
  const nodes: StateFlowNode[] = wf.states.map((s) => ({
    id: s.id,
    type: 'state',
    position: s.position ?? layout!.get(s.id) ?? { x: 0, y: 0 },
    selected: selection?.kind === 'state' && selection.id === s.id,
    data: { label: tx(s.label) || s.id, stateId: s.id, kind: s.kind, ...(s.color ? { color: s.color } : {}), problems: (problems.get(`state:${s.id}`) ?? []).map((p) => p.message) },
  }));
  const ghosts = new Map<string, { x: number; y: number }>();
  const at = (id: string) => nodes.find((n) => n.id === id)?.position ?? { x: 0, y: 0 };
  const edges: Edge[] = [];
  for (const t of wf.transitions) {
    const issues = (problems.get(`transition:${t.id}`) ?? []).map((p) => p.message);
    const from = t.from.length ? t.from : [];
    for (const f of from) {
      for (const end of [f, t.to]) {
        if (!known.has(end) && !ghosts.has(end)) {
          const anchor = at(end === f ? t.to : f);
          ghosts.set(end, { x: anchor.x + (end === f ? -200 : 200), y: anchor.y + 120 + ghosts.size * 40 });
        }
      }
      const on = selection?.kind === 'transition' && selection.id === t.id;
      const mark = t.trigger === 'automatic' ? '⚡ ' : t.trigger === 'event' ? '✉ ' : '';
      edges.push({
        id: `${t.id}::${f}`,
        source: known.has(f) ? f : `${MISSING_PREFIX}${f}`,
        target: known.has(t.to) ? t.to : `${MISSING_PREFIX}${t.to}`,
        label: `${issues.length ? '⚠ ' : ''}${mark}${tx(t.label) || t.id}${t.guard !== undefined ? ' ◆' : ''}`,
        selected: on,
        className: `transition-edge${issues.length ? ' has-problem' : ''}${on ? ' on' : ''}`,
        data: { transition: t.id, problems: issues },
        markerEnd: { type: MarkerType.ArrowClosed, color: issues.length ? '#dc2626' : on ? '#2563eb' : '#64748b' },
        style: { stroke: issues.length ? '#dc2626' : on ? '#2563eb' : '#64748b', strokeWidth: on || issues.length ? 2.5 : 1.5 },
        labelStyle: { fill: issues.length ? '#dc2626' : '#1f2937', fontSize: 11 },
        labelBgStyle: { fill: issues.length ? '#fef2f2' : '#ffffff' },
        ariaLabel: `${t.id}${issues.length ? ` ⚠ ${issues.join('; ')}` : ''}`,
      } as Edge);
    }
  }
  for (const [id, position] of ghosts) {
    nodes.push({ id: `${MISSING_PREFIX}${id}`, type: 'state', position, draggable: false, connectable: false, data: { label: id, stateId: id, kind: 'missing', problems: [] } });
  }
  return { nodes, edges };
}
