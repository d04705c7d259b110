import { pointer, type Action, type AppDefinition } from '@statecraft/schema';

/** Where a json-logic expression sits in a definition. */
export type ExpressionKind = 'guard' | 'condition' | 'computed' | 'set_field' | 'create_record' | 'http_body';

/** One json-logic expression of a definition, with the entity whose records it is evaluated over. */
export interface DefinitionExpression {
  /** JSON pointer to the expression, e.g. `/workflows/0/transitions/2/guard`. */
  path: string;
  kind: ExpressionKind;
  /** The entity whose record (data) the expression reads. */
  entity: string;
  expression: unknown;
}

function actionExpressions(actions: readonly Action[] | undefined, base: (string | number)[], entity: string, out: DefinitionExpression[]): void {
  (actions ?? []).forEach((action, i) => {
    switch (action.type) {
      case 'set_field':
        out.push({ path: pointer(...base, i, 'value'), kind: 'set_field', entity, expression: action.value });
        break;
      case 'create_record':
        for (const [key, value] of Object.entries(action.values)) {
          out.push({ path: pointer(...base, i, 'values', key), kind: 'create_record', entity, expression: value });
        }
        break;
      case 'http_request':
        for (const [key, value] of Object.entries(action.body ?? {})) {
          out.push({ path: pointer(...base, i, 'body', key), kind: 'http_body', entity, expression: value });
        }
        break;
      default:
        break;
    }
  });
}

/**
 * Every json-logic expression of a (shape-valid) definition: computed fields, guards, rule
 * conditions, and the expressions inside actions (set_field values, create_record values,
 * http_request bodies).
 *
 * @example definitionExpressions(def).filter((e) => e.kind === 'guard').length
 */
export function definitionExpressions(def: AppDefinition): DefinitionExpression[] {
  const out: DefinitionExpression[] = [];
  def.entities.forEach((entity, e) => {
    entity.fields.forEach((field, f) => {
      if (field.type === 'computed') {
        out.push({ path: pointer('entities', e, 'fields', f, 'expression'), kind: 'computed', entity: entity.id, expression: field.expression });
      }
    });
  });
  def.workflows.forEach((workflow, w) => {
    workflow.transitions.forEach((t, i) => {
      if (t.guard !== undefined) out.push({ path: pointer('workflows', w, 'transitions', i, 'guard'), kind: 'guard', entity: workflow.entity, expression: t.guard });
      actionExpressions(t.actions, ['workflows', w, 'transitions', i, 'actions'], workflow.entity, out);
    });
  });
  def.rules.forEach((rule, r) => {
    out.push({ path: pointer('rules', r, 'condition'), kind: 'condition', entity: rule.entity, expression: rule.condition });
    actionExpressions(rule.actions, ['rules', r, 'actions'], rule.entity, out);
  });
  return out;
}
