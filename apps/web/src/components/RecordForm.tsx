import type { Entity, Field } from '@statecraft/schema';
import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { FieldInput } from './FieldInput.tsx';
import { FieldValue } from './FieldValue.tsx';
import { LinesTable } from './LinesTable.tsx';

interface Props {
  entity: Entity;
  data: Record<string, unknown>;
  editing: boolean;
  creating: boolean;
  onChange(data: Record<string, unknown>): void;
  /** Server validation messages: field id → message; lines as "<field>/<index>.<lineField>". */
  errors: Record<string, string>;
}

/**
 * The generated form: the definition's sections (one or two columns), a control per field by
 * type, the server's validation message under each field, line items as a table.
 */
export function RecordForm({ entity, data, editing, creating, onChange, errors }: Props) {
  const model = useAppModel();
  const { tx } = useI18n();
  const sections = entity.form?.sections ?? [{ id: 'all', label: entity.label, columns: 2 as const, fields: entity.fields.map((f) => f.id) }];
  const render = (field: Field) => {
    const editable = editing && !field.readOnly && field.type !== 'computed' && (creating || !field.unique || data[field.id] == null);
    if (field.type === 'lines') {
      const lineEntity = model.entity(field.entity);
      if (!lineEntity) return null;
      const lineErrors: Record<string, string> = {};
      for (const [k, v] of Object.entries(errors)) if (k.startsWith(`${field.id}/`)) lineErrors[k.slice(field.id.length + 1)] = v;
      return (
        <div key={field.id} className="form-field wide" data-field={field.id}>
          <span className="label">{tx(field.label)}</span>
          <LinesTable lineEntity={lineEntity} lines={(data[field.id] as Record<string, unknown>[] | null) ?? []} editing={editing} onChange={(v) => onChange({ ...data, [field.id]: v })} errors={lineErrors} />
          {errors[field.id] && <div className="field-error" role="alert">{errors[field.id]}</div>}
        </div>
      );
    }
    return (
      <div key={field.id} className={`form-field${field.type === 'longtext' || field.type === 'address' ? ' wide' : ''}`} data-field={field.id}>
        <label className="label" htmlFor={`f-${field.id}`}>
          {tx(field.label)}
          {field.required && editable && <span className="req">*</span>}
        </label>
        <div className="value">{editable ? <FieldInput field={field} value={data[field.id]} onChange={(v) => onChange({ ...data, [field.id]: v })} invalid={!!errors[field.id]} /> : <FieldValue field={field} value={data[field.id]} />}</div>
        {errors[field.id] && <div className="field-error" role="alert">{errors[field.id]}</div>}
      </div>
    );
  };
  return (
    <div className="record-form">
      {sections.map((s) => (
        <section key={s.id} className={`form-section cols-${s.columns ?? 1}`}>
          <h2>{tx(s.label)}</h2>
          <div className="form-grid">{s.fields.map((id) => entity.fields.find((f) => f.id === id)).filter((f) => !!f).map(render)}</div>
        </section>
      ))}
    </div>
  );
}
