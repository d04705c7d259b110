import { useState } from 'react';
import type { Field } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { deleteField, freshId, newField, placeField, renameField } from './draft-edits.ts';
import { FieldConfig } from './FieldConfig.tsx';
import { FieldPalette, PALETTE_TYPES } from './FieldPalette.tsx';
import { FormLayoutEditor } from './FormLayoutEditor.tsx';
import { FormPreview } from './FormPreview.tsx';
import { useDesignerEntity } from './useDesignerEntity.ts';
import { useDraft } from './useDraft.ts';

/** Fields and forms: palette, the form's sections, the selected field's settings and a live preview. */
export function FieldsScreen() {
  const { definition, edit, problemIndex, appId } = useDraft();
  const { entity } = useDesignerEntity();
  const { t, lang } = useI18n();
  const [selected, setSelected] = useState<string | null>(null);
  const [section, setSection] = useState<string | null>(entity.form?.sections[0]?.id ?? null);
  const field = entity.fields.find((f) => f.id === selected);
  const withEntity = (fn: (e: (typeof definition.entities)[number], d: typeof definition) => void) =>
    edit((d) => {
      const e = d.entities.find((x) => x.id === entity.id);
      if (e) fn(e, d);
    });

  const add = (type: Field['type'], sectionId: string | null, before: string | null) => {
    const id = freshId('field', entity.fields.map((f) => f.id));
    const p = PALETTE_TYPES.find((x) => x.type === type);
    withEntity((e, d) => {
      e.fields.push(newField(type, id, lang === 'en' ? p?.en ?? type : p?.zh ?? type));
      e.form ??= { sections: [{ id: 'main', label: { 'zh-CN': '基本信息', en: 'Basics' }, columns: 2, fields: [] }] };
      placeField(d, entity.id, id, sectionId ?? e.form.sections[0]!.id, before);
    });
    setSelected(id);
  };

  return (
    <div className="fields-screen">
      <FieldPalette onAdd={(type) => add(type, section, null)} />
      <FormLayoutEditor
        entity={entity}
        selected={selected}
        currentSection={section}
        problems={problemIndex}
        onSelect={(id, s) => {
          setSelected(id);
          if (s) setSection(s);
        }}
        onSelectSection={setSection}
        onAdd={add}
        onMove={(id, s, before) => edit((d) => placeField(d, entity.id, id, s, before))}
        onSection={(id, change) =>
          withEntity((e) => {
            const s = e.form?.sections.find((x) => x.id === id);
            if (!s || !e.form) return;
            if (change.remove) e.form.sections = e.form.sections.filter((x) => x.id !== id);
            if (change.columns) s.columns = change.columns;
            if (change.label !== undefined) s.label = { ...s.label, [lang]: change.label } as typeof s.label;
          })
        }
        onAddSection={() =>
          withEntity((e) => {
            e.form ??= { sections: [] };
            const id = freshId('section', e.form.sections.map((s) => s.id));
            e.form.sections.push({ id, label: { 'zh-CN': '新分区', en: 'New section' }, columns: 2, fields: [] });
            setSection(id);
          })
        }
      />
      <div className="side-panel">
        {field ? (
          <FieldConfig
            key={field.id}
            field={field}
            takenIds={entity.fields.map((f) => f.id)}
            problems={problemIndex.get(`field:${field.id}`) ?? []}
            onChange={(next) => withEntity((e) => (e.fields = e.fields.map((f) => (f.id === field.id ? next : f)) as typeof e.fields))}
            onRename={(id) => {
              edit((d) => renameField(d, entity.id, field.id, id));
              setSelected(id);
            }}
            onDelete={() => {
              edit((d) => deleteField(d, entity.id, field.id));
              setSelected(null);
            }}
          />
        ) : (
          <div className="muted">{t('designer.field.select')}</div>
        )}
      </div>
      <FormPreview appId={appId} definition={definition} entity={entity} />
    </div>
  );
}
