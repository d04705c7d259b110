import type { Field } from '@statecraft/schema';
import { fenToYuan, yuanToFen } from '../format/money.ts';
import { fromLocalInput, toLocalInput } from '../format/datetime.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** An editable control for one field, by type; money is typed in yuan and kept in fen. */
export function FieldInput({ field, value, onChange, invalid }: { field: Field; value: unknown; onChange(v: unknown): void; invalid: boolean }) {
  const { t, tx } = useI18n();
  const common = { id: `f-${field.id}`, name: field.id, 'aria-invalid': invalid || undefined, required: field.required };
  switch (field.type) {
    case 'enum':
      return (
        <select {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value || null)}>
          <option value="" />
          {field.options.map((o) => <option key={o.value} value={o.value}>{tx(o.label)}</option>)}
        </select>
      );
    case 'multienum': {
      const set = new Set((value as string[] | null) ?? []);
      return (
        <span className="multi">
          {field.options.map((o) => (
            <label key={o.value}>
              <input type="checkbox" checked={set.has(o.value)} onChange={(e) => onChange(field.options.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : set.has(v))))} />
              {tx(o.label)}
            </label>
          ))}
        </span>
      );
    }
    case 'boolean':
      return <input {...common} type="checkbox" checked={!!value} onChange={(e) => onChange(e.target.checked)} />;
    case 'money':
      return (
        <span className="money-input">
          <input
            {...common}
            inputMode="decimal"
            defaultValue={typeof value === 'number' ? fenToYuan(value).replace(/,/g, '') : ''}
            onChange={(e) => onChange(e.target.value.trim() === '' ? null : (yuanToFen(e.target.value) ?? e.target.value))}
          />
          <span>{t('unit.yuan')}</span>
        </span>
      );
    case 'integer':
    case 'decimal':
      return <input {...common} type="number" step={field.type === 'integer' ? 1 : 'any'} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />;
    case 'date':
      return <input {...common} type="date" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value || null)} />;
    case 'datetime':
      return <input {...common} type="datetime-local" value={toLocalInput(value as string)} onChange={(e) => onChange(fromLocalInput(e.target.value))} />;
    case 'longtext':
      return <textarea {...common} rows={3} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value || null)} />;
    case 'address': {
      const a = (value as Record<string, string> | null) ?? {};
      const part = (k: string, placeholder: string) => (
        <input aria-label={`${tx(field.label)} ${placeholder}`} placeholder={placeholder} value={a[k] ?? ''} onChange={(e) => onChange({ province: '', city: '', district: '', detail: '', ...a, [k]: e.target.value })} />
      );
      return <span className="address">{part('province', '省')}{part('city', '市')}{part('district', '区')}{part('detail', '详细地址')}</span>;
    }
    case 'reference':
      return <input {...common} type="number" min={1} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />;
    default:
      return <input {...common} type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />;
  }
}
