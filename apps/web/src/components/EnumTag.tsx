import type { EnumField } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** An enum value as a tag in the option's colour, e.g. the channel of an order. */
export function EnumTag({ field, value }: { field: EnumField; value: string }) {
  const { tx } = useI18n();
  const option = field.options.find((o) => o.value === value);
  const color = option?.color ?? '#6B7280';
  return (
    <span className="tag" style={{ color, borderColor: `${color}80` }}>
      {option ? tx(option.label) : value}
    </span>
  );
}
