// The decision thread (see decision-worker.ts): decides batches of new records with the engine,
// off the thread that writes them. Plain JavaScript that loads the TypeScript engine through
// tsx, so the thread starts the same under `node --import tsx`, vitest or anything else.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { compileApp, decide } = await import('@statecraft/engine');

/** Compiled definitions by `appId@version`: a published version never changes. */
const compiled = new Map();

/**
 * `$facts` for the thread's decisions: empty, noting whether anything asked for a fact. A
 * decision that read one is answered `null`: the caller decides it again with the facts it reads
 * (an expression's value can only depend on facts it read, so the others are the same).
 */
function factProbe() {
  const probe = { read: false };
  probe.facts = new Proxy(
    {},
    {
      get(target, key) {
        if (typeof key === 'string') probe.read = true;
        return Reflect.get(target, key);
      },
      has(target, key) {
        if (typeof key === 'string') probe.read = true;
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        if (typeof key === 'string') probe.read = true;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        probe.read = true;
        return Reflect.ownKeys(target);
      },
    },
  );
  return probe;
}

parentPort.on('message', (job) => {
  try {
    const key = `${job.app.id}@${job.app.version}`;
    if (job.app.definition) compiled.set(key, compileApp(job.app.definition, job.app.version));
    const app = compiled.get(key);
    if (!app) throw new Error(`the decision thread has no compiled ${key}`);
    const keys = app.entities.get(job.entity)?.recordKeys ?? [];
    const decisions = job.rows.map((data) => {
      const probe = factProbe();
      const decision = decide(app, { kind: 'create', entity: job.entity, data }, { ...job.ctx, facts: probe.facts });
      if (probe.read) return null;
      // A plain decision (the record's data and nothing else: no step, rule, effect or hold) goes
      // back as its values in the entity's key order: a third of the bytes, and the thread that
      // writes spends less time reading it (see unpackDecision).
      if (decision.ok && decision.steps.length === 0 && decision.firedRules.length === 0 && decision.effects.length === 0 && decision.hold === null && Object.keys(decision.data).length === keys.length) {
        return keys.map((key) => decision.data[key]);
      }
      return decision;
    });
    parentPort.postMessage({ id: job.id, decisions });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
