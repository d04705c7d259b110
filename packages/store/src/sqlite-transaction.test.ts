import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import type { StoreTransaction } from './store.ts';
import { openTestStore, type TestStore } from './testing.ts';

const meta = { actor: 'u1', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };

// store.transaction on SQLite runs on the store's one connection without knex's transaction
// objects (sqlite-transaction.ts): what knex's gave for free is checked here.
describe('store.transaction on sqlite', () => {
  let t: TestStore;
  const orders = async () => Number(((await t.store.knex('e_order').count({ n: '*' }).first()) as { n: unknown }).n);
  beforeAll(async () => {
    t = await openTestStore('sqlite');
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
  });
  afterAll(() => t.dispose());

  it('runs builders, raw queries and repositories inside one transaction, all rolled back on an error', async () => {
    const before = await orders();
    const failure = t.store.transaction(async (tx) => {
      await tx.records.insert('order', { ...sampleOrder(901), order_no: 'SQ-1' }, meta);
      await tx.knex('e_order').where({ order_no: 'SQ-1' }).update({ buyer: 'builder' });
      expect((await tx.knex.raw('SELECT buyer FROM e_order WHERE order_no = ?', ['SQ-1']))[0]).toEqual({ buyer: 'builder' });
      throw new Error('stop here');
    });
    await expect(failure).rejects.toThrow('stop here');
    expect(await orders()).toBe(before);
  });

  it('rolls back a failed nested transaction to its savepoint and keeps the rest', async () => {
    await t.store.transaction(async (tx) => {
      await tx.records.insert('order', { ...sampleOrder(902), order_no: 'SQ-2' }, meta);
      await expect(
        tx.knex.transaction(async (nested) => {
          await nested('e_order').where({ order_no: 'SQ-2' }).update({ buyer: 'nested' });
          throw new Error('nested failure');
        }),
      ).rejects.toThrow('nested failure');
    });
    expect(await t.store.knex('e_order').where({ order_no: 'SQ-2' }).first('buyer')).toEqual({ buyer: sampleOrder(902).buyer });
  });

  it('runs a read outside the transaction only once it committed, never inside it', async () => {
    // Reads outside a transaction skip the pool's queue while the connection is idle
    // (sql-statement.ts); while a transaction holds it, they wait for the commit.
    const inserted = await t.store.records.insert('order', { ...sampleOrder(903), order_no: 'SQ-3' }, meta);
    await t.store.records.get('order', inserted.id);
    let outside: Promise<unknown> | null = null;
    await t.store.transaction(async (tx) => {
      await tx.records.update('order', inserted.id, 1, { buyer: 'inside' }, meta);
      outside = t.store.records.get('order', inserted.id);
      // A real turn of the event loop while the transaction is open.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await tx.records.get('order', inserted.id)).data.buyer).toBe('inside');
    });
    expect(await outside).toMatchObject({ version: 2, data: { buyer: 'inside' } });
    await expect(t.store.transaction(async (tx) => {
      await tx.records.update('order', inserted.id, 2, { buyer: 'rolled back' }, meta);
      outside = t.store.records.get('order', inserted.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('stop here');
    })).rejects.toThrow('stop here');
    expect(await outside).toMatchObject({ version: 2, data: { buyer: 'inside' } });
  });

  const connection = async (): Promise<BetterSqlite3.Database> => {
    const client = (t.store.knex as unknown as { client: { acquireConnection(): Promise<BetterSqlite3.Database>; releaseConnection(c: unknown): void } }).client;
    const conn = await client.acquireConnection();
    client.releaseConnection(conn);
    return conn;
  };
  const commits = async () => {
    const conn = await connection();
    const prepare = conn.prepare;
    const seen: string[] = [];
    const spy = vi.spyOn(conn, 'prepare').mockImplementation(((sql: string) => {
      if (/^(BEGIN|COMMIT|ROLLBACK)\b/.test(sql) && !sql.startsWith('ROLLBACK TO')) seen.push(sql);
      return prepare.call(conn, sql);
    }) as typeof conn.prepare);
    return { seen, restore: () => spy.mockRestore(), conn };
  };

  it('commits transactions that come together once, each one all-or-nothing and alone', async () => {
    const spy = await commits();
    const steps: string[] = [];
    try {
      const member = (n: number, fail = false) =>
        t.store.transaction(async (tx) => {
          steps.push(`${n} starts`);
          await tx.records.insert('order', { ...sampleOrder(910 + n), order_no: `SQ-G${n}` }, meta);
          await new Promise((resolve) => setTimeout(resolve, 2));
          steps.push(`${n} ends`);
          if (fail) throw new Error(`member ${n} fails`);
          return n;
        });
      const results = await Promise.allSettled([member(1), member(2, true), member(3)]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 'member 2 fails', 3]);
      // One at a time, in the order they came.
      expect(steps).toEqual(['1 starts', '1 ends', '2 starts', '2 ends', '3 starts', '3 ends']);
      expect(spy.seen).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    } finally {
      spy.restore();
    }
    const written = await t.store.knex('e_order').whereIn('order_no', ['SQ-G1', 'SQ-G2', 'SQ-G3']).pluck('order_no');
    expect(written.sort()).toEqual(['SQ-G1', 'SQ-G3']);
  });

  it('lets a read outside transactions run between members, seeing their writes just before the COMMIT', async () => {
    // Transactions coming together: from now on groups commit at the end of the event-loop turn.
    await Promise.all([1, 2].map((n) => t.store.transaction((tx) => tx.records.insert('order', { ...sampleOrder(930 + n), order_no: `SQ-R${n}` }, meta))));
    let id = 0;
    let committed = false;
    const write = t.store
      .transaction(async (tx) => {
        id = (await tx.records.insert('order', { ...sampleOrder(933), order_no: 'SQ-R3' }, meta)).id;
      })
      .then(() => (committed = true));
    // This turn's immediate, queued before the group's COMMIT: the member has finished by then.
    const seen = await new Promise<{ committed: boolean; orderNo: unknown }>((resolve) =>
      setImmediate(async () => {
        const found = await t.store.records.find('order', id);
        resolve({ committed, orderNo: found?.data.order_no });
      }),
    );
    expect(seen).toEqual({ committed: false, orderNo: 'SQ-R3' });
    await write;
    expect(committed).toBe(true);
  });

  it('fails every member of a group whose COMMIT fails, and writes none of them', async () => {
    const conn = await connection();
    const prepare = conn.prepare;
    const spy = vi.spyOn(conn, 'prepare').mockImplementation(((sql: string) => {
      if (sql === 'COMMIT') return { run: () => { throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }); } };
      return prepare.call(conn, sql);
    }) as typeof conn.prepare);
    let results: PromiseSettledResult<unknown>[];
    try {
      const member = (n: number) => t.store.transaction((tx) => tx.records.insert('order', { ...sampleOrder(920 + n), order_no: `SQ-F${n}` }, meta));
      results = await Promise.allSettled([member(1), member(2)]);
    } finally {
      spy.mockRestore();
    }
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual(['disk I/O error', 'disk I/O error']);
    expect(conn.inTransaction).toBe(false);
    expect(await t.store.knex('e_order').whereIn('order_no', ['SQ-F1', 'SQ-F2']).pluck('order_no')).toEqual([]);
    // The store goes on.
    await expect(t.store.transaction((tx) => tx.records.insert('order', { ...sampleOrder(923), order_no: 'SQ-F3' }, meta))).resolves.toMatchObject({ version: 1 });
  });

  it('refuses a query through the transaction after it ended, naming the mistake', async () => {
    let kept: StoreTransaction | null = null;
    await t.store.transaction(async (tx) => {
      kept = tx;
    });
    expect(() => kept!.knex('e_order')).toThrow(/ran after its transaction ended/);
    await expect(kept!.records.get('order', 1)).rejects.toThrow(/ran after its transaction ended/);
  });
});
