import { Worker } from 'node:worker_threads';
import { blankRecord, type CompiledEntity, type Ctx, type Decision } from '@statecraft/engine';
import type { LoadedApp } from './app-registry.ts';

/** A chunk's decisions in row order; `null` for a row whose rules read facts (decide it where the facts are). */
export type ChunkDecisions = (Decision | null)[];

/** As the thread sends them: a plain decision packed as its data's values in `recordKeys` order. */
type SentDecisions = (Decision | unknown[] | null)[];

/** A plain accepted create decision from its packed values (see decision-worker.thread.mjs). */
function unpackDecision(entity: CompiledEntity, values: unknown[]): Decision {
  const data = blankRecord(entity);
  const keys = entity.recordKeys;
  for (let i = 0; i < keys.length; i++) data[keys[i]!] = values[i];
  return { ok: true, data, steps: [], effects: [], firedRules: [], hold: null };
}

/** Rows in the first chunk of a batch: what the caller waits for before it can start writing. */
const FIRST_CHUNK = 16;

interface Pending {
  resolve: (decisions: ChunkDecisions) => void;
  size: number;
  entity: CompiledEntity | undefined;
  /** `appId@version`: forgotten as compiled when the thread answers with an error, so it is sent again. */
  key: string;
}

/**
 * Decides new records on a thread of their own, so that a batch's decisions (about a fifth of a
 * batched creation's time) are taken while the caller writes the rows decided before them.
 *
 * `decideCreates` splits the rows into chunks and answers one promise per chunk, in order; the
 * thread works through them while the caller writes the ones already answered. The engine is
 * pure, so a decision taken there is the one `decide` would take here with the same `ctx`.
 * Decisions that read facts (`$facts`) come back `null`: the thread has no database.
 *
 * Nothing here can fail a command: if the thread cannot start, or fails, or has gone, every
 * chunk still waiting (and every later one) resolves with `null`s, and the caller decides those
 * rows itself, as it would without a thread.
 */
export class DecisionWorker {
  #worker: Worker | null = null;
  #failed = false;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** The app versions the thread has compiled (it is sent each definition once). */
  readonly #compiled = new Set<string>();

  /** Starts the thread now (otherwise it starts with the first batch). */
  start(): void {
    this.#thread();
  }

  /**
   * The decisions of `rows` (new records of `entity`), in chunks: a promise per chunk, in row
   * order. The chunks start small and double up to `maxChunk` (16, 32, 64 …): the caller can
   * start writing almost at once, and while it writes a chunk the thread decides one twice as
   * big (deciding a row takes well under half as long as writing it), so the caller does not wait.
   */
  decideCreates(app: LoadedApp, ctx: Ctx, entity: string, rows: Record<string, unknown>[], maxChunk = 256): Promise<ChunkDecisions>[] {
    const chunks: Promise<ChunkDecisions>[] = [];
    let size = Math.min(FIRST_CHUNK, maxChunk);
    for (let start = 0; start < rows.length; start += size, size = Math.min(size * 2, maxChunk)) {
      chunks.push(this.#send(app, ctx, entity, rows.slice(start, start + size)));
    }
    return chunks;
  }

  /** Ends the thread; later batches are decided by the caller. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#failed = true;
    this.#worker = null;
    this.#failAll();
    if (worker) await worker.terminate();
  }

  #send(app: LoadedApp, ctx: Ctx, entity: string, rows: Record<string, unknown>[]): Promise<ChunkDecisions> {
    const worker = this.#thread();
    if (!worker) return Promise.resolve(rows.map(() => null));
    const id = this.#nextId++;
    const key = `${app.id}@${app.version}`;
    const definition = this.#compiled.has(key) ? undefined : app.definition;
    this.#compiled.add(key);
    return new Promise<ChunkDecisions>((resolve) => {
      // While a caller waits on it the thread keeps the process alive (a script awaiting a batch
      // would otherwise end mid-way); idle, it does not.
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, size: rows.length, entity: app.compiled.entities.get(entity), key });
      try {
        worker.postMessage({ id, app: { id: app.id, version: app.version, definition }, ctx: { now: ctx.now, actor: ctx.actor }, entity, rows });
      } catch {
        // Rows that cannot be copied to another thread (a function, a symbol): decided here.
        this.#settled(id);
        if (definition) this.#compiled.delete(key);
        resolve(rows.map(() => null));
      }
    });
  }

  #thread(): Worker | null {
    if (this.#worker || this.#failed) return this.#worker;
    try {
      // No inherited flags (--import tsx, a profiler's): the thread loads what it needs itself.
      const worker = new Worker(new URL('./decision-worker.thread.mjs', import.meta.url), { execArgv: [] });
      worker.on('message', (m: { id: number; decisions?: SentDecisions; error?: string }) => {
        const pending = this.#pending.get(m.id);
        if (!pending) return;
        this.#settled(m.id);
        if (m.error) this.#compiled.delete(pending.key);
        const { entity } = pending;
        pending.resolve(m.decisions && entity ? m.decisions.map((d) => (Array.isArray(d) ? unpackDecision(entity, d) : d)) : Array.from({ length: pending.size }, () => null));
      });
      const gone = () => {
        this.#failed = true;
        this.#worker = null;
        this.#failAll();
      };
      worker.on('error', gone);
      worker.on('exit', gone);
      // Last (adding a listener refs the thread again): idle, it never keeps the process alive.
      worker.unref();
      this.#worker = worker;
      return worker;
    } catch {
      this.#failed = true;
      return null;
    }
  }

  /** A job is answered: forget it, and let the process end once none is left. */
  #settled(id: number): void {
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
  }

  #failAll(): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.resolve(Array.from({ length: pending.size }, () => null));
    }
  }
}
