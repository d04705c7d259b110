import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { RetryReport, StockLevel } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** Adjust on hand with a reason (by a change or to a counted quantity); the server then re-tries short orders. */
export function StockAdjustForm({ appId, stock, onDone }: { appId: string; stock: StockLevel; onDone(message: string): void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'delta' | 'onHand'>('delta');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = Number(qty);
  const valid = qty.trim() !== '' && Number.isInteger(n) && (mode === 'onHand' ? n >= 0 : n !== 0) && reason.trim() !== '';
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ stock: StockLevel; retried: RetryReport }>('POST', `/api/apps/${encodeURIComponent(appId)}/stock/${encodeURIComponent(stock.sku)}/adjustments`, {
        warehouse: stock.warehouse,
        [mode]: n,
        reason: reason.trim(),
      });
      setQty('');
      setReason('');
      onDone(t('stock.adjusted', { sku: res.stock.sku, onHand: res.stock.onHand, available: res.stock.available, tried: res.retried.tried, reserved: res.retried.reserved.length }));
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="adjust-form"
      data-testid="adjust-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void submit();
      }}
    >
      <h3>{t('stock.adjust')}</h3>
      <div className="adjust-row">
        <select value={mode} onChange={(e) => setMode(e.target.value as 'delta' | 'onHand')} aria-label={t('stock.adjust')}>
          <option value="delta">{t('stock.adjust.delta')}</option>
          <option value="onHand">{t('stock.adjust.count')}</option>
        </select>
        <input type="number" step={1} value={qty} onChange={(e) => setQty(e.target.value)} placeholder={mode === 'delta' ? '+50 / -2' : String(stock.onHand)} data-testid="adjust-qty" />
      </div>
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('stock.adjust.reason')} maxLength={500} data-testid="adjust-reason" />
      <button type="submit" className="primary" disabled={!valid || busy} data-testid="adjust-submit">
        {t('stock.adjust.submit')}
      </button>
      {error && <div className="error-box">{error}</div>}
    </form>
  );
}
