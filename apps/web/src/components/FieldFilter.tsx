import type { Field } from '@statecraft/schema';
import { filterKind } from '../list/filter-state.ts';
import { useI18n } from '../i18n/useI18n.ts';

interface Props {
  field: Field;
  value: string;
  range: { from: string; to: string };
  onValue(value: string): void;
  onRange(range: { from: string; to: string }): void;
}

/** One field's filter control, chosen by its type: options, yes/no, prefix text, or a range. */
export function FieldFilter({ field, value, range, onValue, onRange }: Props) {
  const { t, tx } = useI18n();
  const kind = filterKind(field);
  const label = tx(field.label);
  let control;
  switch (kind) {
    case 'enum':
      control = (
        <select value={value} onChange={(e) => onValue(e.target.value)} data-filter={field.id}>
          <option value="">{t('list.any')}</option>
          {field.type === 'enum' && field.options.map((o) => <option key={o.value} value={o.value}>{tx(o.label)}</option>)}
        </select>
      );
      break;
    case 'boolean':
      control = (
        <select value={value} onChange={(e) => onValue(e.target.value)} data-filter={field.id}>
          <option value="">{t('list.any')}</option>
          <option value="true">{t('list.yes')}</option>
          <option value="false">{t('list.no')}</option>
        </select>
      );
      break;
    case 'text':
      control = <input type="text" value={value} onChange={(e) => onValue(e.target.value)} data-filter={field.id} />;
      break;
    default: {
      const type = kind === 'dateRange' ? 'date' : 'text';
      const inputMode = kind === 'dateRange' ? undefined : 'decimal';
      const [fromLabel, toLabel] = kind === 'moneyRange' ? [t('list.min'), t('list.max')] : [t('list.from'), t('list.to')];
      control = (
        <span className="range">
          <input type={type} inputMode={inputMode} aria-label={`${label} ${fromLabel}`} placeholder={fromLabel} value={range.from} onChange={(e) => onRange({ ...range, from: e.target.value })} data-filter={`${field.id}.from`} />
          <span>–</span>
          <input type={type} inputMode={inputMode} aria-label={`${label} ${toLabel}`} placeholder={toLabel} value={range.to} onChange={(e) => onRange({ ...range, to: e.target.value })} data-filter={`${field.id}.to`} />
        </span>
      );
    }
  }
  return (
    <label className="filter">
      <span>{label}</span>
      {control}
    </label>
  );
}
