import type { Entity } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { FieldInput } from './FieldInput.tsx';
import { FieldValue } from './FieldValue.tsx';

type Line = Record<string, unknown>;

/** A record's line items (the lines field's entity) as a table; editable rows when editing. */
export function LinesTable({ lineEntity, lines, editing, onChange, errors }: { lineEntity: Entity; lines: Line[]; editing: boolean; onChange(lines: Line[]): void; errors: Record<string, string> }) {
  const { t, tx } = useI18n();
  const columns = lineEntity.list?.columns ?? lineEntity.fields.map((f) => f.id);
  const fields = columns.map((c) => lineEntity.fields.find((f) => f.id === c)).filter((f) => !!f);
  const set = (i: number, id: string, v: unknown) => onChange(lines.map((l, j) => (j === i ? { ...l, [id]: v } : l)));
  return (
    <div className="table-wrap">
      <table className="lines" data-testid="lines-table">
        <thead>
          <tr>
            {fields.map((f) => <th key={f.id}>{tx(f.label)}</th>)}
            {editing && <th />}
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={(line.id as number | undefined) ?? `new-${i}`}>
              {fields.map((f) => (
                <td key={f.id} data-col={f.id}>
                  {editing && f.type !== 'computed' && !f.readOnly ? <FieldInput field={f} value={line[f.id]} onChange={(v) => set(i, f.id, v)} invalid={!!errors[`${i}.${f.id}`]} /> : <FieldValue field={f} value={line[f.id]} />}
                  {errors[`${i}.${f.id}`] && <div className="field-error">{errors[`${i}.${f.id}`]}</div>}
                </td>
              ))}
              {editing && (
                <td>
                  <button type="button" className="link" onClick={() => onChange(lines.filter((_, j) => j !== i))}>{t('record.lines.remove')}</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <button type="button" className="link" onClick={() => onChange([...lines, {}])}>
          {t('record.lines.add')}
        </button>
      )}
    </div>
  );
}
