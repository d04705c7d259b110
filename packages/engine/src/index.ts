// @statecraft/engine: the pure interpreter of app definitions. No I/O, no clock.

// Records
export type { RecordData, RecordEnvelope, RecordHold } from './record.ts';

// json-logic
export { compileLogic } from './logic/compile.ts';
export { LogicCompileError, LogicEvaluationError } from './logic/compile-error.ts';
export { truthy, isLogic, type Evaluate } from './logic/evaluator.ts';
export type { OperatorDefinition } from './logic/operator.ts';
export { OperatorRegistry, standardOperators } from './logic/registry.ts';
export { readVar, isForbiddenPath, FORBIDDEN_SEGMENTS } from './logic/var-path.ts';
export { varReferences, dataRoots, type VarReference, type VarFrame } from './logic/var-references.ts';
export { definitionExpressions, type DefinitionExpression, type ExpressionKind } from './definition/expressions.ts';

// Validation
export { validateDefinition, type ValidateOptions } from './validate/validate-definition.ts';
export { INBOX_CONNECTOR } from './validate/references.ts';

// Compiled app and decisions
export { compileApp, type CompileOptions } from './compile/compile-app.ts';
export { DefinitionError } from './compile/definition-error.ts';
export type { CompiledApp, CompiledEntity, CompiledField, CompiledRule, CompiledTransition, CompiledWorkflow } from './compile/compiled-app.ts';
export { FIELD_PROBLEM } from './compile/field-checks.ts';
export { formatValue } from './compile/format-value.ts';
export { decide } from './decide/decide.ts';
export { blankRecord } from './decide/record-shape.ts';
export { availableTransitions, type TransitionOption } from './decide/available-transitions.ts';
export { isSuperuser } from './decide/permissions.ts';
export { ENGINE_ERROR_CODES, type EngineErrorCode } from './decide/engine-error.ts';
export type { Actor, Command, Ctx, Decision, DecisionError, Step } from './decide/types.ts';

// Actions and effects
export { actionHandlers } from './actions/registry.ts';
export type { ActionContext, ActionHandler, CompiledAction } from './actions/action-handler.ts';
export type {
  Effect,
  EffectSource,
  CreateRecordEffect,
  RaiseAlertEffect,
  HoldEffect,
  ReleaseEffect,
  HttpRequestEffect,
  NotifyEffect,
  ReserveStockEffect,
  ReleaseStockEffect,
  CommitStockEffect,
  StockLineRequest,
} from './actions/effect.ts';
export { RESERVE_STOCK_DEFAULTS } from './actions/reserve_stock.ts';
export { renderMessage, placeholders, type Language } from './actions/render-message.ts';

// Scenarios
export {
  replayScenario,
  checkExpectations,
  partialMatch,
  scenarioActor,
  scenarioNow,
  type Scenario,
  type ScenarioStep,
  type ScenarioExpect,
  type ScenarioResult,
  type ScenarioStepOutcome,
} from './scenario.ts';

// Facts: operators that read what the server computes before deciding
export { appOperators } from './logic/registry.ts';
export { factOperators, shortSkus } from './logic/operators/facts.ts';
export { factRequirements, factUses, windowHours, type FactRequirements, type FactUse } from './facts/fact-requirements.ts';
export { BUYER_HISTORY_KEYS, WINDOWED_FACTS, MAX_WINDOW_HOURS, type RecordFacts, type BuyerHistory, type WindowedFact } from './facts/fact-names.ts';
export { addressMatcher, addressSimilarity, foldDetail, NeighbourIndex, normaliseRegion, normaliseDetail, regionSpellings, sameDistrict, sameDistrictScorer, textSimilarity, type AddressValue, type DistrictNeighbour, type FoldedDetail } from './facts/address-similarity.ts';
