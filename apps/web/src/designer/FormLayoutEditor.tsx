import { useState, type DragEvent } from 'react';
import type { Entity, Field } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { DRAG_FIELD, DRAG_TYPE } from './FieldPalette.tsx';
import type { ProblemIndex } from './problem-map.ts';

interface Props {
  entity: Entity;
  selected: string | null;
  currentSection: string | null;
  problems: ProblemIndex;
  onSelect(fieldId: string, sectionId: string | null): void;
  onSelectSection(sectionId: string): void;
  onAdd(type: Field['type'], sectionId: string, before: string | null): void;
  onMove(fieldId: string, sectionId: string, before: string | null): void;
  onSection(sectionId: string, change: { columns?: 1 | 2; label?: string; remove?: true }): void;
  onAddSection(): void;
}

/**
 * The form's sections, one or two columns each, with their fields as chips: drop a palette type
 * or a chip on a chip to insert before it, or on the section's end to append; Alt+↑/↓ moves the
 * focused chip by keyboard.
 */
export function FormLayoutEditor({ entity, selected, currentSection, problems, onSelect, onSelectSection, onAdd, onMove, onSection, onAddSection }: Props) {
  const { t, tx } = useI18n();
  const [over, setOver] = useState<string | null>(null);
  const sections = entity.form?.sections ?? [];
  const placed = new Set(sections.flatMap((s) => s.fields));
  const unplaced = entity.fields.filter((f) => !placed.has(f.id));

  const drop = (sectionId: string, before: string | null) => (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(null);
    const type = e.dataTransfer.getData(DRAG_TYPE);
    const field = e.dataTransfer.getData(DRAG_FIELD);
    if (type) onAdd(type as Field['type'], sectionId, before);
    else if (field && field !== before) onMove(field, sectionId, before);
  };
  const allow = (key: string) => (e: DragEvent) => {
    e.preventDefault();
    setOver(key);
  };

  const chip = (id: string, sectionId: string | null, index: number, list: string[]) => {
    const f = entity.fields.find((x) => x.id === id);
    const issues = problems.get(`field:${id}`) ?? [];
    return (
      <div
        key={id}
        role="button"
        tabIndex={0}
        draggable
        data-field-chip={id}
        className={`field-chip${selected === id ? ' on' : ''}${over === `${sectionId}:${id}` ? ' drop-before' : ''}${issues.length || !f ? ' has-problem' : ''}`}
        title={issues.map((p) => p.message).join('\n')}
        onClick={() => onSelect(id, sectionId)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect(id, sectionId);
          } else if (sectionId && e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
            e.preventDefault();
            const target = e.key === 'ArrowUp' ? list[index - 1] : list[index + 2] ?? null;
            if (e.key === 'ArrowUp' && index === 0) return;
            if (e.key === 'ArrowDown' && index === list.length - 1) return;
            onMove(id, sectionId, target ?? null);
          }
        }}
        onDragStart={(e) => {
          e.dataTransfer.setData(DRAG_FIELD, id);
          e.dataTransfer.effectAllowed = 'move';
        }}
        {...(sectionId ? { onDragOver: allow(`${sectionId}:${id}`), onDragLeave: () => setOver(null), onDrop: drop(sectionId, id) } : {})}
      >
        <span className="chip-label">{f ? tx(f.label) : id}</span>
        <span className="chip-meta">{f?.type ?? '?'}{f?.required ? ' *' : ''}</span>
        {(issues.length > 0 || !f) && <span className="problem-dot" aria-label="problem">⚠</span>}
      </div>
    );
  };

  return (
    <div className="form-layout" aria-label={t('designer.form')}>
      {sections.map((s) => (
        <section
          key={s.id}
          className={`layout-section${currentSection === s.id ? ' current' : ''}`}
          data-section={s.id}
          onClick={() => onSelectSection(s.id)}
          onDragOver={allow(`${s.id}:end`)}
          onDrop={drop(s.id, null)}
        >
          <header>
            <input aria-label={t('designer.section.label')} value={tx(s.label)} onChange={(e) => onSection(s.id, { label: e.target.value })} />
            <select aria-label={t('designer.section.columns')} value={s.columns ?? 1} onChange={(e) => onSection(s.id, { columns: Number(e.target.value) as 1 | 2 })}>
              <option value={1}>1 列</option>
              <option value={2}>2 列</option>
            </select>
            <button type="button" className="link danger" aria-label={t('designer.section.delete')} onClick={() => onSection(s.id, { remove: true })}>✕</button>
          </header>
          <div className={`chips cols-${s.columns ?? 1}`}>
            {s.fields.map((id, i) => chip(id, s.id, i, s.fields))}
            <div className={`drop-end${over === `${s.id}:end` ? ' on' : ''}`} data-drop-end={s.id}>{t('designer.section.dropHere')}</div>
          </div>
        </section>
      ))}
      <button type="button" onClick={onAddSection}>+ {t('designer.section.add')}</button>
      {unplaced.length > 0 && (
        <section className="layout-section unplaced">
          <header><strong>{t('designer.unplaced')}</strong></header>
          <div className="chips">{unplaced.map((f, i) => chip(f.id, null, i, []))}</div>
        </section>
      )}
    </div>
  );
}
