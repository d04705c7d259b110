import { useState } from 'react';
import type { AppDefinition } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { JsonEditor } from './JsonEditor.tsx';
import { DEFINITION_MODEL_URI } from './monaco-setup.ts';
import { useDraft } from './useDraft.ts';

/** The whole definition in Monaco, checked against the bundled app schema; applied as one edit. */
export function JsonScreen() {
  const { definition, replace } = useDraft();
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(definition, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="json-screen">
      <div className="row">
        <span className="muted small">{t('designer.json.hint')}</span>
        <button type="button" className="primary" onClick={() => {
          try {
            replace(JSON.parse(text) as AppDefinition);
            setError(null);
          } catch (e) {
            setError((e as Error).message);
          }
        }}>{t('designer.json.apply')}</button>
      </div>
      {error && <div className="error-box">{t('designer.cond.badJson', { msg: error })}</div>}
      <JsonEditor label="definition.json" path={DEFINITION_MODEL_URI} value={text} onChange={setText} height="calc(100vh - 190px)" />
    </div>
  );
}
