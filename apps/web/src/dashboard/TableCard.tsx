import type { TableWidget } from '@statecraft/schema';
import { Link } from 'react-router-dom';
import type { RecordEnvelope } from '../api/types.ts';
import { FieldValue } from '../components/FieldValue.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** The first records matching a table widget, with its columns; each row links to the record. */
export function TableCard({ widget, items }: { widget: TableWidget; items: RecordEnvelope[] }) {
  const model = useAppModel();
  const { t, tx } = useI18n();
  const entity = model.entity(widget.entity);
  const stateField = model.workflowOf(widget.entity)?.stateField;
  return (
    <div className="table-card">
      <div className="metric-label">{tx(widget.label)}</div>
      <div className="table-wrap">
        <table className="records compact" data-table={widget.id}>
          <thead>
            <tr>{widget.columns.map((c) => <th key={c}>{c === stateField ? t('list.state') : tx(model.field(widget.entity, c)?.label) || c}</th>)}</tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                {widget.columns.map((c, i) => {
                  const cell = c === stateField ? <StateBadge entity={widget.entity} state={r.data[c] as string} /> : <FieldValue field={model.field(widget.entity, c)} value={r.data[c]} />;
                  return <td key={c}>{i === 0 && entity ? <Link to={`/e/${entity.id}/${r.id}`}>{cell}</Link> : cell}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
