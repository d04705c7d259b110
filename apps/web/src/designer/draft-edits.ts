import type { AppDefinition, Field, State, Transition, Workflow } from '@statecraft/schema';

/**
 * Edits of a definition as the designer makes them: each takes the definition (a fresh copy the
 * caller may change) and changes it in place. Renaming an id follows every reference to it, so
 * a rename never leaves a dangling reference; deleting a state deliberately does not delete its
 * transitions (they show as problems until the analyst decides).
 */

/** A new id from a stem that no existing id uses: `field_1`, `field_2`, … */
export function freshId(stem: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${stem}_${i}`)) return `${stem}_${i}`;
}

export const workflowOf = (def: AppDefinition, id: string): Workflow | undefined => def.workflows.find((w) => w.id === id);

/** Renames a field and every place the form and list name it. */
export function renameField(def: AppDefinition, entityId: string, from: string, to: string): void {
  const entity = def.entities.find((e) => e.id === entityId);
  if (!entity || from === to) return;
  const field = entity.fields.find((f) => f.id === from);
  if (field) field.id = to;
  for (const s of entity.form?.sections ?? []) s.fields = s.fields.map((f) => (f === from ? to : f));
  if (entity.list) {
    const list = entity.list as unknown as { columns?: string[]; searchFields?: string[] };
    if (list.columns) list.columns = list.columns.map((f) => (f === from ? to : f));
    if (list.searchFields) list.searchFields = list.searchFields.map((f) => (f === from ? to : f));
  }
}

/** Deletes a field and its places in the form. */
export function deleteField(def: AppDefinition, entityId: string, fieldId: string): void {
  const entity = def.entities.find((e) => e.id === entityId);
  if (!entity) return;
  entity.fields = entity.fields.filter((f) => f.id !== fieldId) as typeof entity.fields;
  for (const s of entity.form?.sections ?? []) s.fields = s.fields.filter((f) => f !== fieldId);
}

/** Moves (or inserts) a field into a section before another field, or at the end. */
export function placeField(def: AppDefinition, entityId: string, fieldId: string, sectionId: string, before: string | null): void {
  const entity = def.entities.find((e) => e.id === entityId);
  if (!entity) return;
  entity.form ??= { sections: [] };
  for (const s of entity.form.sections) s.fields = s.fields.filter((f) => f !== fieldId);
  const section = entity.form.sections.find((s) => s.id === sectionId);
  if (!section) return;
  const at = before ? section.fields.indexOf(before) : -1;
  if (at < 0) section.fields.push(fieldId);
  else section.fields.splice(at, 0, fieldId);
}

/** A new field of a type with what its type requires. */
export function newField(type: Field['type'], id: string, label: string): Field {
  const base = { id, type, label: { 'zh-CN': label } } as Record<string, unknown>;
  if (type === 'enum' || type === 'multienum') base.options = [{ value: 'option_1', label: { 'zh-CN': '选项 1', en: 'Option 1' } }];
  return base as unknown as Field;
}

/** Renames a state and every transition and rule that names it. */
export function renameState(def: AppDefinition, wfId: string, from: string, to: string): void {
  const wf = workflowOf(def, wfId);
  if (!wf || from === to) return;
  const state = wf.states.find((s) => s.id === from);
  if (state) state.id = to;
  for (const t of wf.transitions) {
    t.from = t.from.map((f) => (f === from ? to : f)) as typeof t.from;
    if (t.to === from) t.to = to;
  }
  for (const r of def.rules ?? []) if (r.entity === wf.entity && r.on.state === from) r.on.state = to;
}

/** Renames a transition and the rules and run_transition actions that name it. */
export function renameTransition(def: AppDefinition, wfId: string, from: string, to: string): void {
  const wf = workflowOf(def, wfId);
  if (!wf || from === to) return;
  const t = wf.transitions.find((x) => x.id === from);
  if (t) t.id = to;
  for (const r of def.rules ?? []) if (r.entity === wf.entity && r.on.transition === from) r.on.transition = to;
  for (const x of wf.transitions) for (const a of x.actions ?? []) if (a.type === 'run_transition' && a.transition === from) a.transition = to;
}

/** Adds a state at a position and answers it. */
export function addState(def: AppDefinition, wfId: string, position: { x: number; y: number }): State {
  const wf = workflowOf(def, wfId)!;
  const state: State = { id: freshId('state', wf.states.map((s) => s.id)), label: { 'zh-CN': '新状态', en: 'New state' }, kind: 'normal', position };
  wf.states.push(state);
  return state;
}

/** Adds a manual transition between two states and answers it. */
export function addTransition(def: AppDefinition, wfId: string, from: string, to: string): Transition {
  const wf = workflowOf(def, wfId)!;
  const t: Transition = { id: freshId(`${from}_to_${to}`.slice(0, 44), wf.transitions.map((x) => x.id)), from: [from], to, label: { 'zh-CN': '新流转', en: 'New transition' }, trigger: 'manual' };
  wf.transitions.push(t);
  return t;
}
