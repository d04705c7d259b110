import type { Field } from '@statecraft/schema';
import { formatFieldValue } from '../format/field-value.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { EnumTag } from './EnumTag.tsx';

/** A stored value shown read-only, by the field's type (enums as coloured tags). */
export function FieldValue({ field, value }: { field: Field | undefined; value: unknown }) {
  const i18n = useI18n();
  if (field?.type === 'enum' && typeof value === 'string' && value) return <EnumTag field={field} value={value} />;
  return <>{formatFieldValue(field, value, i18n)}</>;
}
