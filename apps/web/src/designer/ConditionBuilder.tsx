import type { Field } from '@statecraft/schema';
import { fenToYuan, yuanToFen } from '../format/money.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { operatorsFor, takesValue, type ConditionGroup, type ConditionNode, type ConditionRule, type RuleOp } from './condition-model.ts';

interface Props {
  group: ConditionGroup;
  fields: Field[];
  onChange(group: ConditionGroup): void;
  /** Nesting depth (the root is 0). */
  depth?: number;
  onRemove?(): void;
}

const FIELD_TYPES_IN_BUILDER = new Set(['text', 'longtext', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'multienum', 'phone', 'email', 'reference', 'computed']);

/** The value control of one comparison, by the field's type (money typed in yuan, kept in fen). */
function ValueInput({ rule, field, onChange, label }: { rule: ConditionRule; field: Field | undefined; onChange(v: unknown): void; label: string }) {
  const { tx } = useI18n();
  const v = rule.value;
  if (field?.type === 'boolean') {
    return (
      <select aria-label={label} value={String(v ?? true)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">是 / true</option>
        <option value="false">否 / false</option>
      </select>
    );
  }
  if (field?.type === 'enum' && rule.op === 'in') {
    const set = new Set((v as string[] | undefined) ?? []);
    return (
      <span className="multi" role="group" aria-label={label}>
        {field.options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" checked={set.has(o.value)} onChange={(e) => onChange(field.options.map((x) => x.value).filter((x) => (x === o.value ? e.target.checked : set.has(x))))} />
            {tx(o.label)}
          </label>
        ))}
      </span>
    );
  }
  if (field?.type === 'enum') {
    return (
      <select aria-label={label} value={(v as string) ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="" />
        {field.options.map((o) => <option key={o.value} value={o.value}>{tx(o.label)}</option>)}
      </select>
    );
  }
  if (field?.type === 'money') {
    return <input aria-label={label} inputMode="decimal" defaultValue={typeof v === 'number' ? fenToYuan(v).replace(/,/g, '') : ''} onChange={(e) => onChange(yuanToFen(e.target.value) ?? null)} placeholder="¥" />;
  }
  if (field && ['integer', 'decimal', 'reference', 'computed'].includes(field.type)) {
    return <input aria-label={label} type="number" value={v === null || v === undefined ? '' : String(v)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />;
  }
  if (field?.type === 'date') return <input aria-label={label} type="date" value={(v as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
  return <input aria-label={label} value={(v as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
}

/**
 * The visual condition builder: AND/OR groups of comparisons (field, an operator offered by the
 * field's type, a value). Expressions it cannot show stay as they are, shown as JSON.
 */
export function ConditionBuilder({ group, fields, onChange, depth = 0, onRemove }: Props) {
  const { t, tx } = useI18n();
  const usable = fields.filter((f) => FIELD_TYPES_IN_BUILDER.has(f.type));
  const setItem = (i: number, node: ConditionNode) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? node : x)) });
  const remove = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  const first = usable[0];
  return (
    <div className={`cond-group depth-${depth}`} role="group" aria-label={t(group.op === 'and' ? 'designer.cond.and' : 'designer.cond.or')}>
      <div className="cond-head">
        <select aria-label="AND / OR" value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })} data-testid="cond-op">
          <option value="and">{t('designer.cond.and')}</option>
          <option value="or">{t('designer.cond.or')}</option>
        </select>
        {onRemove && <button type="button" className="link danger" onClick={onRemove}>{t('designer.cond.remove')}</button>}
      </div>
      {group.items.length === 0 && depth === 0 && <div className="muted small">{t('designer.cond.none')}</div>}
      {group.items.map((node, i) => {
        if (node.kind === 'group') return <ConditionBuilder key={i} group={node} fields={fields} depth={depth + 1} onChange={(g) => setItem(i, g)} onRemove={() => remove(i)} />;
        if (node.kind === 'raw') {
          return (
            <div key={i} className="cond-rule raw">
              <span className="tag">{t('designer.cond.raw')}</span>
              <code>{JSON.stringify(node.logic)}</code>
              <button type="button" className="link danger" onClick={() => remove(i)}>{t('designer.cond.remove')}</button>
            </div>
          );
        }
        const field = fields.find((f) => f.id === node.field);
        const ops = operatorsFor(field);
        return (
          <div key={i} className="cond-rule" data-testid="cond-rule">
            <select aria-label={t('designer.field')} value={node.field} aria-invalid={!field || undefined} onChange={(e) => {
              const f = fields.find((x) => x.id === e.target.value);
              const op = operatorsFor(f).includes(node.op) ? node.op : '==';
              setItem(i, { kind: 'rule', field: e.target.value, op, ...(takesValue(op) ? { value: f?.type === 'boolean' ? true : null } : {}) });
            }}>
              {!field && <option value={node.field}>{node.field} ⚠ {t('designer.cond.unknownField')}</option>}
              {usable.map((f) => <option key={f.id} value={f.id}>{tx(f.label)} ({f.id})</option>)}
            </select>
            <select aria-label={t('designer.try.command')} value={node.op} onChange={(e) => {
              const op = e.target.value as RuleOp;
              const rest: Partial<ConditionRule> = takesValue(op) ? { value: op === 'in' ? [] : node.op === 'in' ? null : node.value } : {};
              setItem(i, { kind: 'rule', field: node.field, op, ...rest });
            }}>
              {ops.map((op) => <option key={op} value={op}>{t(`designer.op.${op}` as MessageKey)}</option>)}
            </select>
            {takesValue(node.op) && <ValueInput rule={node} field={field} label={`${tx(field?.label) || node.field} value`} onChange={(value) => setItem(i, { ...node, value })} />}
            <button type="button" className="link danger" aria-label={t('designer.cond.remove')} onClick={() => remove(i)}>✕</button>
          </div>
        );
      })}
      <div className="cond-actions">
        <button type="button" disabled={!first} onClick={() => first && onChange({ ...group, items: [...group.items, { kind: 'rule', field: first.id, op: 'notEmpty' }] })}>+ {t('designer.cond.addRule')}</button>
        {depth < 3 && <button type="button" onClick={() => onChange({ ...group, items: [...group.items, { kind: 'group', op: group.op === 'and' ? 'or' : 'and', items: [] }] })}>+ {t('designer.cond.addGroup')}</button>}
      </div>
    </div>
  );
}
