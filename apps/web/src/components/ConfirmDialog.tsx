import { useI18n } from '../i18n/useI18n.ts';

/** A modal question with OK and Cancel, used for transitions that ask for confirmation. */
export function ConfirmDialog({ message, onConfirm, onCancel }: { message: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="modal-backdrop" role="presentation" onClick={onCancel}>
      <div className="modal" role="dialog" aria-modal="true" onClick={(e) => e.stopPropagation()}>
        <p>{message}</p>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>{t('confirm.cancel')}</button>
          <button type="button" className="primary" data-testid="confirm-ok" onClick={onConfirm} autoFocus>
            {t('confirm.ok')}
          </button>
        </div>
      </div>
    </div>
  );
}
