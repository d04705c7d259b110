import type { Knex } from 'knex';
import type BetterSqlite3 from 'better-sqlite3';

interface PoolClient {
  dialect: string;
  acquireConnection(): Promise<BetterSqlite3.Database>;
  releaseConnection(connection: BetterSqlite3.Database): unknown;
  /** The transaction's connection, for the store's own statements (sql-statement.ts) to use without a promise. */
  connection?: BetterSqlite3.Database;
}

/**
 * `store.transaction` on SQLite, without knex's transaction machinery: knex builds a whole new
 * knex instance for every transaction (a hundred closures and properties), which costs about
 * 170 µs of CPU and most of the garbage of an empty transaction, against 9 µs for
 * `BEGIN IMMEDIATE … COMMIT` itself — a fifth of a whole workflow transition.
 *
 * The store has one SQLite connection. It is taken from the pool for the whole transaction (so
 * nothing else runs on it meanwhile, as with knex), and the transaction handed to `fn` runs every
 * query on it: query builders, raw queries and schema builders through knex's `.connection()`,
 * the store's own prepared statements straight on it, nested transactions as savepoints. Any
 * error rolls everything back; a query after the end fails instead of running outside it.
 *
 * Group commit: when requests arrive together (a few HTTP commands in flight), the COMMIT — the
 * WAL write, most of a transition's database time — is shared. Transactions that start while one
 * is open join it, one after the other, each in its own savepoint: each is still all-or-nothing
 * (an error rolls back its savepoint only) and runs alone. The group commits at the end of the
 * event-loop turn (or at once when transactions have been coming one at a time, as in a loop or
 * a script), and every member's promise settles only after that COMMIT: nobody is told "done"
 * before the write is committed, and a failed COMMIT fails every member. See {@link readsBetweenMembers}
 * for the reads that run inside an open group.
 */
export async function sqliteTransaction<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const pool = (knex as unknown as { client: PoolClient }).client;
  const timing = timingOf(pool);
  const group = timing.open ?? (await (timing.opening ??= openGroup(pool, timing)));
  // Members take turns: the one that finishes hands the turn (busy stays true) to the next in line.
  if (group.busy) await new Promise<void>((resolve) => group.waiting.push(resolve));
  else group.busy = true;
  // The group committed or failed while this one waited: start again in a new one.
  if (group.ended) return sqliteTransaction(knex, fn);
  const { connection } = group;
  // A savepoint only when others' finished writes are in the group: otherwise a failure rolls
  // the whole transaction back, as a transaction of its own would.
  const savepoint = group.finished > 0 ? `sc_member_${++group.members}` : null;
  let done = false;
  let result: T;
  try {
    if (savepoint) connection.prepare(`SAVEPOINT ${savepoint}`).run();
    result = await fn(boundTransaction(knex, connection, () => done));
    if (savepoint) connection.prepare(`RELEASE ${savepoint}`).run();
  } catch (err) {
    done = true;
    try {
      if (savepoint === null || !connection.inTransaction) throw err;
      connection.prepare(`ROLLBACK TO ${savepoint}`).run();
      connection.prepare(`RELEASE ${savepoint}`).run();
      handOn(group, timing);
    } catch {
      // Nothing finished before it, or SQLite rolled the whole transaction back (a full disk,
      // an I/O error) and the finished members' writes went with it: they fail too.
      endGroup(group, timing, err);
    }
    throw err;
  }
  done = true;
  group.finished++;
  handOn(group, timing);
  await group.committed;
  return result;
}

/** Groups of one store's connection, and how its commits are timed. */
interface CommitTiming {
  open: Group | null;
  opening: Promise<Group> | null;
  /** Commit at the end of the event-loop turn (requests come together) or at once (one at a time). */
  defer: boolean;
  /** Deferred groups in a row that got one member only. */
  alone: number;
  /** Groups committed at once since the last deferred one. */
  sinceProbe: number;
}

interface Group {
  readonly connection: BetterSqlite3.Database;
  readonly pool: PoolClient;
  /** A member runs, or has been handed the turn. */
  busy: boolean;
  /** Members waiting for their turn, in order. */
  readonly waiting: (() => void)[];
  /** Members that finished and wait for the COMMIT. */
  finished: number;
  members: number;
  scheduled: boolean;
  ended: boolean;
  readonly committed: Promise<void>;
  settle(error?: unknown): void;
}

// A group takes at most this many members before it commits.
const MAX_MEMBERS = 32;
// Committing at once, every this many-th group still waits for the end of the turn, to notice
// when transactions start coming together.
const PROBE_EVERY = 16;
// Deferred groups of one member in a row after which commits happen at once again.
const ALONE_LIMIT = 4;

// The real one, even where tests fake timers: a group must commit.
const endOfTurn = globalThis.setImmediate;

const timings = new WeakMap<PoolClient, CommitTiming>();
const openGroups = new WeakMap<BetterSqlite3.Database, Group>();

function timingOf(pool: PoolClient): CommitTiming {
  let timing = timings.get(pool);
  if (!timing) timings.set(pool, (timing = { open: null, opening: null, defer: false, alone: 0, sinceProbe: 0 }));
  return timing;
}

async function openGroup(pool: PoolClient, timing: CommitTiming): Promise<Group> {
  try {
    // The pool lends the one connection to one holder at a time: no other group is open now.
    const connection = await pool.acquireConnection();
    try {
      // BEGIN IMMEDIATE: take the write lock now, so another process waits its turn (busy_timeout)
      // rather than failing a read-then-write transaction half-way (see connection.ts).
      connection.prepare('BEGIN IMMEDIATE').run();
    } catch (err) {
      pool.releaseConnection(connection);
      throw err;
    }
    let settle!: (error?: unknown) => void;
    const committed = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
    // Members await it after they finished; a group whose members all failed has nobody listening.
    committed.catch(() => {});
    const group: Group = { connection, pool, busy: false, waiting: [], finished: 0, members: 0, scheduled: false, ended: false, committed, settle };
    timing.open = group;
    openGroups.set(connection, group);
    return group;
  } finally {
    timing.opening = null;
  }
}

/** A member is done: the next waiting one runs, or the group commits (now, or at the end of the turn). */
function handOn(group: Group, timing: CommitTiming): void {
  const next = group.waiting.shift();
  if (next) return next();
  group.busy = false;
  if (group.finished >= MAX_MEMBERS) return commitGroup(group, timing);
  let defer = timing.defer;
  if (!defer && ++timing.sinceProbe >= PROBE_EVERY) {
    timing.sinceProbe = 0;
    defer = true;
  }
  if (!defer) return commitGroup(group, timing);
  if (group.scheduled) return;
  group.scheduled = true;
  endOfTurn(() => {
    group.scheduled = false;
    if (!group.busy && !group.ended) commitGroup(group, timing);
  });
}

function commitGroup(group: Group, timing: CommitTiming): void {
  try {
    group.connection.prepare('COMMIT').run();
  } catch (err) {
    return endGroup(group, timing, err);
  }
  if (group.finished > 1) {
    timing.defer = true;
    timing.alone = 0;
  } else if (timing.defer && ++timing.alone >= ALONE_LIMIT) {
    timing.defer = false;
    timing.alone = 0;
  }
  closeGroup(group, timing);
}

/** The group failed: everything is rolled back and every finished member fails with `error`. */
function endGroup(group: Group, timing: CommitTiming, error: unknown): void {
  try {
    if (group.connection.inTransaction) group.connection.prepare('ROLLBACK').run();
  } finally {
    closeGroup(group, timing, error);
  }
}

function closeGroup(group: Group, timing: CommitTiming, error?: unknown): void {
  group.ended = true;
  if (timing.open === group) timing.open = null;
  openGroups.delete(group.connection);
  group.pool.releaseConnection(group.connection);
  group.settle(error);
  // Members still waiting for their turn start again in a new group.
  for (const wake of group.waiting.splice(0)) wake();
}

/**
 * Whether a statement outside any transaction may run on `connection` now, although a group is
 * open on it: only a read, and only between two members (no member is halfway). It sees the
 * finished members' writes, which commit at the end of this event-loop turn; the commands that
 * read a record and then write it join that very group. Should that COMMIT fail (a full disk,
 * an I/O error), the members fail, and such a read has seen writes that were rolled back — the
 * same kind of edge as synchronous=NORMAL, where a commit can be lost with the power.
 */
export function readsBetweenMembers(connection: BetterSqlite3.Database, sql: string): boolean {
  const group = openGroups.get(connection);
  return group !== undefined && !group.busy && !group.ended && connection.prepare(sql).readonly;
}

/** A `Knex.Transaction` look-alike whose every query runs on `connection`. */
function boundTransaction(knex: Knex, connection: BetterSqlite3.Database, ended: () => boolean): Knex.Transaction {
  const live = (what: string) => {
    if (ended()) throw new Error(`A query (${what}) ran after its transaction ended: use the transaction only inside store.transaction(async (tx) => …), and await every query.`);
  };
  let savepoints = 0;
  const trx = ((table: string) => {
    live(`table ${table}`);
    return knex(table).connection(connection);
  }) as unknown as Knex.Transaction;
  const client: PoolClient = {
    dialect: (knex as unknown as { client: PoolClient }).client.dialect,
    async acquireConnection() {
      live('a prepared statement');
      return connection;
    },
    releaseConnection() {},
    connection,
  };
  Object.defineProperties(trx, {
    client: { value: client },
    isTransaction: { value: true },
    isCompleted: { value: ended },
    schema: {
      get() {
        live('schema');
        return knex.schema.connection(connection);
      },
    },
    raw: {
      value(sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict) {
        return bindings === undefined ? knex.raw(sql).connection(connection) : knex.raw(sql, bindings).connection(connection);
      },
    },
    transaction: {
      async value<R>(inner: (nested: Knex.Transaction) => Promise<R>): Promise<R> {
        live('a nested transaction');
        const name = `sc_savepoint_${++savepoints}`;
        connection.prepare(`SAVEPOINT ${name}`).run();
        try {
          const result = await inner(trx);
          connection.prepare(`RELEASE ${name}`).run();
          return result;
        } catch (err) {
          if (connection.inTransaction) {
            connection.prepare(`ROLLBACK TO ${name}`).run();
            connection.prepare(`RELEASE ${name}`).run();
          }
          throw err;
        }
      },
    },
  });
  return trx;
}

