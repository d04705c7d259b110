import { useCallback, useEffect, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, type Connection, type Edge, type NodeChange } from '@xyflow/react';
import type { Workflow } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import type { ProblemIndex } from './problem-map.ts';
import { StateNode, type StateFlowNode } from './StateNode.tsx';
import { MISSING_PREFIX, workflowGraph, type CanvasSelection } from './workflow-graph.ts';

const nodeTypes = { state: StateNode };

interface Props {
  workflow: Workflow;
  problems: ProblemIndex;
  selection: CanvasSelection;
  onSelect(selection: CanvasSelection): void;
  onConnect(from: string, to: string): void;
  onMoved(positions: Map<string, { x: number; y: number }>): void;
  onDelete(selection: NonNullable<CanvasSelection>): void;
  /** Bumped to ask for fitView (after auto-layout). */
  fitSignal: number;
}

/**
 * The state machine on a React Flow canvas. Nodes are kept in local state so dragging is smooth
 * and measured sizes survive edits; a drag is written to the definition when it ends.
 */
export function WorkflowCanvas({ workflow, problems, selection, onSelect, onConnect, onMoved, onDelete, fitSignal }: Props) {
  const { tx } = useI18n();
  const graph = useMemo(() => workflowGraph(workflow, problems, selection, tx), [workflow, problems, selection, tx]);
  const [nodes, setNodes] = useState<StateFlowNode[]>(graph.nodes);
  const flow = useReactFlow();
  useEffect(() => {
    setNodes((prev) => {
      const before = new Map(prev.map((n) => [n.id, n]));
      return graph.nodes.map((n) => {
        const p = before.get(n.id);
        return p?.measured ? { ...n, measured: p.measured } : n;
      });
    });
  }, [graph.nodes]);
  useEffect(() => {
    if (fitSignal) requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
  }, [fitSignal, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StateFlowNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'select' && c.type !== 'remove'), ns));
    },
    [],
  );
  // One edit per drag (one undo step), written when the drag ends.
  const onNodeDragStop = useCallback(
    (_: unknown, _node: StateFlowNode, dragged: StateFlowNode[]) => {
      const done = new Map<string, { x: number; y: number }>();
      for (const n of dragged) if (!n.id.startsWith(MISSING_PREFIX)) done.set(n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) });
      if (done.size) onMoved(done);
    },
    [onMoved],
  );

  return (
    <div
      className="canvas"
      data-testid="workflow-canvas"
      onKeyDown={(e) => {
        const el = e.target as HTMLElement;
        if ((e.key === 'Delete' || e.key === 'Backspace') && selection && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) && !el.isContentEditable) {
          e.preventDefault();
          onDelete(selection);
        }
      }}
    >
      <ReactFlow<StateFlowNode, Edge>
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={(c: Connection) => {
          if (c.source && c.target && !c.source.startsWith(MISSING_PREFIX) && !c.target.startsWith(MISSING_PREFIX)) onConnect(c.source, c.target);
        }}
        onNodeClick={(_, n) => onSelect(n.id.startsWith(MISSING_PREFIX) ? null : { kind: 'state', id: n.id })}
        onEdgeClick={(_, e) => onSelect({ kind: 'transition', id: (e.data as { transition: string }).transition })}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        onlyRenderVisibleElements={workflow.states.length > 60}
      >
        <Background />
        <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => ((n.data as { problems?: string[]; kind?: string }).problems?.length || (n.data as { kind?: string }).kind === 'missing' ? '#dc2626' : '#94a3b8')} />
        <Controls />
      </ReactFlow>
    </div>
  );
}
