import { useEffect, useState } from 'react';
import type { Field } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { ConditionBuilder } from './ConditionBuilder.tsx';
import { parseCondition, toLogic } from './condition-model.ts';
import { JsonEditor } from './JsonEditor.tsx';
import { registerConditionSchema } from './monaco-setup.ts';

interface Props {
  /** The json-logic condition (undefined: none). */
  value: unknown;
  onChange(value: unknown): void;
  entity: string;
  fields: Field[];
  /** Distinguishes editors (and their Monaco models), e.g. "transition/approve/guard". */
  name: string;
  problems?: string[];
}

const pretty = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

/**
 * A condition, edited visually or as JSON (Monaco, with completion of the entity's fields and
 * error markers). Both views edit the same json-logic, so switching loses nothing; invalid JSON
 * keeps you in the JSON view until it parses.
 */
export function ConditionEditor({ value, onChange, entity, fields, name, problems = [] }: Props) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'visual' | 'json'>('visual');
  const [text, setText] = useState(pretty(value));
  const [jsonError, setJsonError] = useState<string | null>(null);
  useEffect(() => {
    // Follow outside changes (undo, another view) unless the text already says the same.
    setText((current) => {
      try {
        return JSON.stringify(current.trim() === '' ? undefined : JSON.parse(current)) === JSON.stringify(value) ? current : pretty(value);
      } catch {
        return current;
      }
    });
  }, [value]);
  useEffect(() => registerConditionSchema(entity, fields.map((f) => f.id)), [entity, fields]);

  const onText = (next: string) => {
    setText(next);
    try {
      const parsed = next.trim() === '' ? undefined : (JSON.parse(next) as unknown);
      setJsonError(null);
      if (JSON.stringify(parsed) !== JSON.stringify(value)) onChange(parsed);
    } catch (e) {
      setJsonError((e as Error).message);
    }
  };
  return (
    <div className="cond-editor" data-testid={`cond-${name}`}>
      <div className="seg" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'visual'} className={mode === 'visual' ? 'on' : ''} disabled={!!jsonError} onClick={() => setMode('visual')}>{t('designer.cond.visual')}</button>
        <button type="button" role="tab" aria-selected={mode === 'json'} className={mode === 'json' ? 'on' : ''} onClick={() => setMode('json')}>{t('designer.cond.json')}</button>
      </div>
      {problems.map((p, i) => <div key={i} className="field-error" role="alert">{p}</div>)}
      {mode === 'visual' ? (
        <ConditionBuilder group={parseCondition(value)} fields={fields} onChange={(g) => onChange(toLogic(g))} />
      ) : (
        <>
          <JsonEditor label={t('designer.cond.json')} path={`statecraft://designer/condition/${entity}/${name}.json`} value={text} onChange={onText} height={180} />
          {jsonError && <div className="field-error" role="alert">{t('designer.cond.badJson', { msg: jsonError })}</div>}
        </>
      )}
    </div>
  );
}
