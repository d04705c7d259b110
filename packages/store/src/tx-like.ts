import type { Knex } from 'knex';
import type { Db } from './db.ts';

/**
 * Where a write joins in: a store transaction (`tx` of `store.transaction`), a raw knex
 * transaction, or the store itself (the write then commits on its own).
 */
export type TxLike = Db | { knex: Db };

/** The knex to run on for a TxLike. */
export function knexOf(tx: TxLike): Db {
  if (typeof tx === 'function') return tx as Knex;
  return (tx as { knex: Db }).knex;
}
