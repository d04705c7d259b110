import { useCallback, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useI18n } from '../i18n/useI18n.ts';
import { autoLayout } from './auto-layout.ts';
import { addState, addTransition, renameState, renameTransition, workflowOf } from './draft-edits.ts';
import { StatePanel } from './StatePanel.tsx';
import { TransitionPanel } from './TransitionPanel.tsx';
import { useDesignerEntity } from './useDesignerEntity.ts';
import { useDraft } from './useDraft.ts';
import { WorkflowCanvas } from './WorkflowCanvas.tsx';
import type { CanvasSelection } from './workflow-graph.ts';

/** The state machine: canvas (states, transitions, problems, minimap) and the selected item's panel. */
export function WorkflowScreen() {
  const { definition, edit, problemIndex } = useDraft();
  const { entity } = useDesignerEntity();
  const { t, tx } = useI18n();
  const wf = definition.workflows.find((w) => w.entity === entity.id);
  const [selection, setSelection] = useState<CanvasSelection>(null);
  const [fit, setFit] = useState(0);
  const wfId = wf?.id ?? '';
  const onMoved = useCallback(
    (moved: Map<string, { x: number; y: number }>) =>
      edit((d) => {
        for (const s of workflowOf(d, wfId)?.states ?? []) {
          const p = moved.get(s.id);
          if (p) s.position = { x: Math.round(p.x), y: Math.round(p.y) };
        }
      }),
    [edit, wfId],
  );
  if (!wf) return <div className="page muted">—</div>;

  const state = selection?.kind === 'state' ? wf.states.find((s) => s.id === selection.id) : undefined;
  const transition = selection?.kind === 'transition' ? wf.transitions.find((x) => x.id === selection.id) : undefined;
  const remove = (sel: NonNullable<CanvasSelection>) => {
    edit((d) => {
      const w = workflowOf(d, wfId)!;
      if (sel.kind === 'state') w.states = w.states.filter((s) => s.id !== sel.id) as typeof w.states;
      else w.transitions = w.transitions.filter((x) => x.id !== sel.id);
    });
    setSelection(null);
  };
  const roles = definition.roles.map((r) => ({ id: r.id, label: tx(r.label) || r.id }));
  const wfProblems = [...problemIndex.entries()].filter(([k]) => k.startsWith('state:') || k.startsWith('transition:'));

  return (
    <div className="workflow-screen">
      <div className="canvas-wrap">
        <div className="toolbar">
          <button type="button" onClick={() => {
            let id = '';
            edit((d) => {
              const xs = workflowOf(d, wfId)!.states.map((s) => s.position?.x ?? 0);
              const ys = workflowOf(d, wfId)!.states.map((s) => s.position?.y ?? 0);
              id = addState(d, wfId, { x: Math.max(0, ...xs) + 210, y: Math.max(0, ...ys) + 110 }).id;
            });
            setSelection({ kind: 'state', id });
          }}>+ {t('designer.state.add')}</button>
          <button type="button" onClick={() => {
            edit((d) => {
              const w = workflowOf(d, wfId)!;
              const pos = autoLayout(w);
              for (const s of w.states) s.position = pos.get(s.id)!;
            });
            setFit((n) => n + 1);
          }}>{t('designer.layout')}</button>
          <button type="button" onClick={() => setFit((n) => n + 1)}>{t('designer.fit')}</button>
          <span className="muted small">{t('designer.canvasHint')}</span>
        </div>
        <ReactFlowProvider>
          <WorkflowCanvas
            workflow={wf}
            problems={problemIndex}
            selection={selection}
            onSelect={setSelection}
            onConnect={(from, to) => {
              let id = '';
              edit((d) => (id = addTransition(d, wfId, from, to).id));
              setSelection({ kind: 'transition', id });
            }}
            onMoved={onMoved}
            onDelete={remove}
            fitSignal={fit}
          />
        </ReactFlowProvider>
      </div>
      <aside className="side-panel">
        {state ? (
          <StatePanel
            key={state.id}
            state={state}
            workflow={wf}
            problems={problemIndex.get(`state:${state.id}`) ?? []}
            onChange={(next) => edit((d) => {
              const w = workflowOf(d, wfId)!;
              w.states = w.states.map((s) => (s.id === state.id ? next : s)) as typeof w.states;
            })}
            onRename={(id) => {
              edit((d) => renameState(d, wfId, state.id, id));
              setSelection({ kind: 'state', id });
            }}
            onDelete={() => remove({ kind: 'state', id: state.id })}
            onAddTransition={(to) => {
              let id = '';
              edit((d) => (id = addTransition(d, wfId, state.id, to).id));
              setSelection({ kind: 'transition', id });
            }}
          />
        ) : transition ? (
          <TransitionPanel
            key={transition.id}
            transition={transition}
            workflow={wf}
            entity={entity}
            roles={roles}
            problems={problemIndex.get(`transition:${transition.id}`) ?? []}
            onChange={(next) => edit((d) => {
              const w = workflowOf(d, wfId)!;
              w.transitions = w.transitions.map((x) => (x.id === transition.id ? next : x));
            })}
            onRename={(id) => {
              edit((d) => renameTransition(d, wfId, transition.id, id));
              setSelection({ kind: 'transition', id });
            }}
            onDelete={() => remove({ kind: 'transition', id: transition.id })}
          />
        ) : (
          <div className="panel-body">
            <h3>{tx(wf.label)}</h3>
            {wfProblems.length > 0 && (
              <ul className="problem-list" data-testid="canvas-problems">
                {wfProblems.flatMap(([key, list]) => list.map((p, i) => {
                  const [kind, id] = key.split(':') as ['state' | 'transition', string];
                  return <li key={`${key}${i}`}><button type="button" className="link danger" onClick={() => setSelection({ kind, id })}>⚠ {id}</button> {p.message}</li>;
                }))}
              </ul>
            )}
            <h4>{t('designer.tab.workflow')}</h4>
            <div className="item-list">
              {wf.states.map((s) => <button key={s.id} type="button" className="link" onClick={() => setSelection({ kind: 'state', id: s.id })}>{tx(s.label)}</button>)}
            </div>
            <h4>{t('designer.transition')}</h4>
            <div className="item-list">
              {wf.transitions.map((x) => <button key={x.id} type="button" className={problemIndex.has(`transition:${x.id}`) ? 'link danger' : 'link'} onClick={() => setSelection({ kind: 'transition', id: x.id })}>{tx(x.label)} <small className="mono">{x.id}</small></button>)}
            </div>
          </div>
        )}
      </aside>
    </div>
  );
}
