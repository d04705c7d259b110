/**
 * The bundled order-management app (电商订单管理): its definition, demo seed and replayable
 * scenarios, as typed values.
 *
 * @example
 * import { definition, seed, scenarios } from '@statecraft/template-oms';
 * const app = compileApp(definition, 1);
 * for (const s of scenarios) replay(app, s);
 */
import type { AppDefinition } from '@statecraft/schema';
import definitionJson from '../definition.json' with { type: 'json' };
import seedJson from '../seed.json' with { type: 'json' };
import alertFacts from '../scenarios/alert-facts.json' with { type: 'json' };
import cancelNeedsReason from '../scenarios/cancel-needs-reason.json' with { type: 'json' };
import channelCancel from '../scenarios/channel-cancel.json' with { type: 'json' };
import createAlerts from '../scenarios/create-alerts.json' with { type: 'json' };
import fieldValidation from '../scenarios/field-validation.json' with { type: 'json' };
import happyPath from '../scenarios/happy-path.json' with { type: 'json' };
import largeAmountAlert from '../scenarios/large-amount-alert.json' with { type: 'json' };
import manualOrder from '../scenarios/manual-order.json' with { type: 'json' };
import outOfStockRestock from '../scenarios/out-of-stock-restock.json' with { type: 'json' };
import reviewReject from '../scenarios/review-reject.json' with { type: 'json' };
import shipNeedsWaybill from '../scenarios/ship-needs-waybill.json' with { type: 'json' };
import supervisorApproval from '../scenarios/supervisor-approval.json' with { type: 'json' };
import type { Scenario } from './scenario.ts';
import type { Seed } from './seed.ts';

export type { Seed, SeedRecord, SeedRef, SeedStock, SeedUser } from './seed.ts';
export { isSeedRef } from './seed.ts';
export type { Scenario, ScenarioExpect, ScenarioStep, CreateStep, UpdateStep, TransitionStep, EventStep } from './scenario.ts';
export { SYSTEM_ACTOR } from './scenario.ts';

/**
 * The OMS app definition (`definition.json`). The JSON's inferred type is wider than
 * AppDefinition (string literals widen to string); the template's tests check its shape.
 */
export const definition = definitionJson as unknown as AppDefinition;

/** Demo users and records (`seed.json`). */
export const seed = seedJson as unknown as Seed;

/**
 * Every scenario in `scenarios/` (imported statically so that bundlers and the engine, which
 * may not use node:fs, can load them; a test keeps this list equal to the folder).
 */
export const scenarios: readonly Scenario[] = [
  happyPath,
  supervisorApproval,
  cancelNeedsReason,
  reviewReject,
  channelCancel,
  largeAmountAlert,
  shipNeedsWaybill,
  outOfStockRestock,
  manualOrder,
  fieldValidation,
  createAlerts,
  alertFacts,
] as unknown as Scenario[];
