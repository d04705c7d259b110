import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';
import { openStore } from './store.ts';

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the background WAL checkpointer', () => {
  let dir: string;
  let writer: Database.Database;
  let checkpointer: WalCheckpointer | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'statecraft-ckpt-'));
    writer = new Database(join(dir, 'w.db'));
    writer.pragma('journal_mode = WAL');
    // The writer never checkpoints by itself: whatever reaches the file, the thread copied.
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  });

  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = null;
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file while the writer goes on', async () => {
    checkpointer = startWalCheckpointer(join(dir, 'w.db'));
    const insert = writer.prepare('INSERT INTO t (body) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`订单 ${i} `.repeat(20));
    })();
    const stats = checkpointer.stats;
    await until('a checkpoint of every frame', () => stats.checkpoints > 0 && stats.lastLog > 0 && stats.lastCheckpointed === stats.lastLog);
    expect(stats.lastError).toBeNull();
    // Nothing is left for the writer to copy: the thread did it.
    const [own] = writer.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    expect(own!.checkpointed).toBe(own!.log);
    // And another connection reading only the file (no WAL) sees the rows.
    writer.close();
    const reader = new Database(join(dir, 'w.db'), { readonly: true });
    try {
      expect((reader.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(2000);
    } finally {
      reader.close();
    }
    writer = new Database(join(dir, 'w.db'));
  });

  it('reports a database it cannot open instead of failing the process', async () => {
    checkpointer = startWalCheckpointer(join(dir, 'missing.db'));
    const stats = checkpointer.stats;
    await until('the error', () => stats.lastError !== null);
    expect(stats.lastError).toMatch(/missing\.db|unable to open|does not exist/i);
  });
});

describe('openStore with a database file', () => {
  it('runs the checkpointer and stops it on close: the last connection removes the WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-ckpt-store-'));
    try {
      const file = join(dir, 'sc.db');
      const store = await openStore(`sqlite:${file}`);
      await store.migrate();
      await store.knex.schema.createTable('bulk', (t) => {
        t.increments('id');
        t.text('body');
      });
      for (let i = 0; i < 20; i++) await store.knex('bulk').insert(Array.from({ length: 50 }, (_, k) => ({ body: `行 ${i}-${k} `.repeat(30) })));
      expect(existsSync(`${file}-wal`)).toBe(true);
      await store.close();
      // SQLite deletes the WAL when its last connection closes: the thread's was closed first.
      expect(existsSync(`${file}-wal`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
