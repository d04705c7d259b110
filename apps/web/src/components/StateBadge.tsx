import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** The record's workflow state as a coloured badge (colour and label from the definition). */
export function StateBadge({ entity, state }: { entity: string; state: string | null | undefined }) {
  const model = useAppModel();
  const { tx } = useI18n();
  if (!state) return null;
  const s = model.stateOf(entity, state);
  const color = s?.color ?? '#6B7280';
  return (
    <span className="badge" data-state={state} style={{ background: `${color}1f`, color, borderColor: `${color}66` }}>
      {s ? tx(s.label) : state}
    </span>
  );
}
