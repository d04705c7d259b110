import type { Entity, Workflow } from '@statecraft/schema';
import type { TimelineEntry } from '../api/types.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { StateBadge } from './StateBadge.tsx';

/** The record's audit trail, newest first: who did what and when, with the state it moved to and the fields changed. */
export function Timeline({ entity, workflow, entries }: { entity: Entity; workflow: Workflow | undefined; entries: TimelineEntry[] }) {
  const { t, tx } = useI18n();
  const stateField = workflow?.stateField;
  return (
    <ol className="timeline" data-testid="timeline">
      {[...entries].reverse().map((e) => {
        const transition = workflow?.transitions.find((x) => x.id === e.transition);
        const changed = e.after ? Object.keys(e.after).filter((k) => k !== stateField && JSON.stringify(e.after?.[k]) !== JSON.stringify(e.before?.[k])) : [];
        const toState = e.after && stateField ? (e.after[stateField] as string | undefined) : undefined;
        return (
          <li key={e.id}>
            <div className="tl-head">
              <strong>{transition ? tx(transition.label) : t(`timeline.${e.action}` as MessageKey)}</strong>
              {toState && <StateBadge entity={entity.id} state={toState} />}
            </div>
            <div className="muted small">
              {formatDateTime(e.at)} · {e.actor ?? '—'}
            </div>
            {e.action === 'update' && changed.length > 0 && (
              <div className="small">{changed.map((k) => tx(entity.fields.find((f) => f.id === k)?.label) || k).join('、')}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
