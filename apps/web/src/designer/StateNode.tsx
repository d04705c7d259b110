import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useI18n } from '../i18n/useI18n.ts';

/** What a state node shows. */
export type StateNodeData = {
  label: string;
  stateId: string;
  kind: 'initial' | 'normal' | 'final' | 'missing';
  color?: string;
  problems: string[];
};
export type StateFlowNode = Node<StateNodeData, 'state'>;

/**
 * A state on the canvas: its label, id and kind; a red outline and ⚠ with the messages when
 * validation found problems in it; a dashed ghost for a state that transitions name but that
 * does not exist. Drag from the bottom handle to another state to draw a transition.
 */
export const StateNode = memo(function StateNode({ data, selected }: NodeProps<StateFlowNode>) {
  const { t } = useI18n();
  const cls = ['state-node', `kind-${data.kind}`, selected ? 'selected' : '', data.problems.length ? 'has-problem' : ''].join(' ');
  return (
    <div className={cls} style={data.color ? { borderLeftColor: data.color } : undefined} title={data.problems.join('\n') || undefined} data-state={data.stateId}>
      <Handle type="target" position={Position.Top} />
      <div className="state-label">
        {data.kind === 'initial' && <span aria-hidden>▶ </span>}
        {data.label}
        {data.kind === 'final' && <span aria-hidden> ■</span>}
      </div>
      <div className="state-id">{data.stateId}</div>
      {data.kind === 'missing' && <div className="state-problem" role="alert">⚠ {t('designer.state.missing')}</div>}
      {data.problems.length > 0 && (
        <div className="state-problem" role="alert">
          ⚠ {data.problems[0]}
          {data.problems.length > 1 ? ` (+${data.problems.length - 1})` : ''}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});
