import { validateShape, type AppDefinition, type Problem } from '@statecraft/schema';
import { appOperators, type OperatorRegistry } from '../logic/registry.ts';
import { checkComputedFields } from './computed-fields.ts';
import { indexDefinition } from './definition-index.ts';
import { checkDuplicateIds } from './duplicate-ids.ts';
import { checkFactArguments } from './fact-arguments.ts';
import { checkFieldConstraints } from './field-constraints.ts';
import { checkFieldIds } from './field-ids.ts';
import { checkForbiddenNames } from './forbidden-names.ts';
import { checkLines } from './lines.ts';
import { checkLogicExpressions } from './logic-expressions.ts';
import { checkReferences } from './references.ts';
import { checkStockActions } from './stock-actions.ts';
import { checkWorkflowGraphs } from './workflow-graph.ts';

export interface ValidateOptions {
  /** The json-logic operators expressions may use (default: `appOperators`, json-logic's standard ones and the fact operators). */
  operators?: OperatorRegistry;
}

/**
 * Checks an app definition: first its shape against the JSON Schema (`validateShape`), then,
 * if the shape is right, what a schema cannot say: duplicate and reserved ids, unknown
 * references, the state machine's graph, json-logic operators and paths, lines, field
 * constraints and computed-field cycles. Each problem has a JSON pointer, a stable DEF_* code,
 * a message and a hint; `severity: 'warning'` marks legal but suspicious things.
 *
 * @example
 * const problems = validateDefinition(JSON.parse(text));
 * const errors = problems.filter((p) => p.severity === 'error');
 * if (errors.length) console.log(formatProblems(errors));
 */
export function validateDefinition(def: unknown, options: ValidateOptions = {}): Problem[] {
  const shape = validateShape(def);
  if (shape.length) return shape;
  const index = indexDefinition(def as AppDefinition, options.operators ?? appOperators);
  return [
    ...checkForbiddenNames(def),
    ...checkDuplicateIds(index),
    ...checkFieldIds(index),
    ...checkReferences(index),
    ...checkFieldConstraints(index),
    ...checkLines(index),
    ...checkWorkflowGraphs(index),
    ...checkLogicExpressions(index),
    ...checkFactArguments(index),
    ...checkComputedFields(index),
    ...checkStockActions(index),
  ];
}
