import { useState } from 'react';
import type { TransitionOption } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/**
 * The transitions leaving the record's state that this user's roles allow, as buttons; those
 * blocked by a guard or a hold are shown disabled with the reason. Confirmation where defined.
 */
export function TransitionButtons({ options, busy, onFire }: { options: TransitionOption[]; busy: boolean; onFire(id: string): void }) {
  const { t, tx } = useI18n();
  const [pending, setPending] = useState<TransitionOption | null>(null);
  const visible = options.filter((o) => o.trigger === 'manual' && o.reason !== 'role');
  if (visible.length === 0) return <p className="muted">{t('record.noTransitions')}</p>;
  return (
    <div className="transitions" role="group" aria-label={t('record.transitions')}>
      {visible.map((o) => (
        <button
          key={o.id}
          type="button"
          className={o.allowed ? 'primary' : undefined}
          disabled={!o.allowed || busy}
          title={o.allowed ? undefined : t(o.reason === 'hold' ? 'record.why.hold' : 'record.why.guard')}
          data-transition={o.id}
          onClick={() => (o.confirm ? setPending(o) : onFire(o.id))}
        >
          {tx(o.label)}
        </button>
      ))}
      {pending && (
        <ConfirmDialog
          message={tx(pending.confirm)}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            setPending(null);
            onFire(pending.id);
          }}
        />
      )}
    </div>
  );
}
