import type { Entity, Workflow } from '@statecraft/schema';
import { Link } from 'react-router-dom';
import type { RecordEnvelope } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { FieldValue } from './FieldValue.tsx';
import { StateBadge } from './StateBadge.tsx';

interface Props {
  entity: Entity;
  workflow: Workflow | undefined;
  items: RecordEnvelope[];
  selected: ReadonlySet<number> | null;
  onToggle(id: number): void;
  onToggleAll(): void;
}

/** The list's table: the definition's columns, the state as a badge, the title linking to the record. */
export function RecordTable({ entity, workflow, items, selected, onToggle, onToggleAll }: Props) {
  const { t, tx } = useI18n();
  const columns = entity.list?.columns ?? entity.fields.filter((f) => f.type !== 'lines').slice(0, 8).map((f) => f.id);
  const titleField = entity.titleField ?? columns[0];
  const allOn = !!selected && items.length > 0 && items.every((r) => selected.has(r.id));
  return (
    <div className="table-wrap">
      <table className="records">
        <thead>
          <tr>
            {selected && (
              <th className="sel">
                <input type="checkbox" aria-label={t('list.selectAll')} checked={allOn} onChange={onToggleAll} data-testid="select-all" />
              </th>
            )}
            {columns.map((c) => (
              <th key={c}>{c === workflow?.stateField ? t('list.state') : tx(entity.fields.find((f) => f.id === c)?.label) || c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-record-id={r.id} className={selected?.has(r.id) ? 'on' : undefined}>
              {selected && (
                <td className="sel">
                  <input type="checkbox" aria-label={`#${r.id}`} checked={selected.has(r.id)} onChange={() => onToggle(r.id)} />
                </td>
              )}
              {columns.map((c) => {
                const field = entity.fields.find((f) => f.id === c);
                const cell = c === workflow?.stateField ? <StateBadge entity={entity.id} state={r.data[c] as string} /> : <FieldValue field={field} value={r.data[c]} />;
                return (
                  <td key={c} data-col={c}>
                    {c === titleField ? <Link to={`/e/${entity.id}/${r.id}`}>{cell || `#${r.id}`}</Link> : cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
