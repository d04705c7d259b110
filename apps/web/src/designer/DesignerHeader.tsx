import { useEffect } from 'react';
import { NavLink } from 'react-router-dom';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { useDesignerEntity } from './useDesignerEntity.ts';
import { useDraft } from './useDraft.ts';

const TABS = ['fields', 'workflow', 'rules', 'try', 'json', 'publish', 'versions'] as const;

/** The designer's bar: app, entity, tabs, save status, problems, undo/redo (also Ctrl+Z / Ctrl+Y). */
export function DesignerHeader() {
  const { definition, status, saveError, problems, canUndo, canRedo, undo, redo } = useDraft();
  const { entity, setEntity } = useDesignerEntity();
  const { t, tx } = useI18n();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (!(e.ctrlKey || e.metaKey) || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('.monaco-editor')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const search = `?entity=${entity.id}`;
  return (
    <div className="designer-header">
      <div className="row">
        <strong>{tx(definition.name)}</strong>
        <label className="inline">
          <span>{t('designer.entity')}</span>
          <select name="designer-entity" value={entity.id} onChange={(e) => setEntity(e.target.value)}>
            {definition.entities.map((e) => <option key={e.id} value={e.id}>{tx(e.label)}</option>)}
          </select>
        </label>
        <nav className="tabs" aria-label="designer">
          {TABS.map((tab) => <NavLink key={tab} to={{ pathname: tab, search }} data-tab={tab}>{t(`designer.tab.${tab}` as MessageKey)}</NavLink>)}
        </nav>
        <span className="spacer" />
        <span className={errors ? 'tag sev-critical' : 'tag sev-info'} data-testid="header-problems">{errors || problems.length ? t('designer.problems', { errors, warnings: problems.length - errors }) : t('designer.noProblems')}</span>
        <span className={`save-status ${status}`} data-testid="save-status" data-status={status}>{status === 'saving' ? t('designer.saving') : status === 'saved' ? t('designer.saved') : status === 'failed' ? t('designer.saveFailed', { msg: saveError ?? '' }) : t('designer.unsaved')}</span>
        <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl+Z" data-testid="undo">↶ {t('designer.undo')}</button>
        <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl+Y" data-testid="redo">↷ {t('designer.redo')}</button>
      </div>
    </div>
  );
}
