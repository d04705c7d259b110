import type { CommitStockEffect, Effect, ReleaseStockEffect, ReserveStockEffect } from '@statecraft/engine';
import type { RecordEnvelope, ShortLine, StoreTransaction } from '@statecraft/store';
import { AppError } from '../app-error.ts';

export type StockEffect = ReserveStockEffect | ReleaseStockEffect | CommitStockEffect;

/** What a stock effect reports back in the command's answer. */
export interface StockEffectReport {
  ok: boolean;
  /** reserve_stock: lines reserved now (0 when they were already reserved). */
  reserved?: number;
  presale?: boolean;
  presaleShipDate?: string | null;
  /** reserve_stock: the short SKUs when it failed. */
  short?: ShortLine[];
  /** release_stock / commit_stock: reservations settled now. */
  released?: number;
  committed?: number;
}

/**
 * What must happen to the record after its stock effects, still in the same transaction: fire
 * the short event (the record goes out of stock), or write the presale flag and ship date.
 */
export type StockFollowUp =
  | { kind: 'event'; event: string; facts: { stock_shortage: string; stock_short: ShortLine[] } }
  | { kind: 'patch'; data: Record<string, unknown>; reason: string };

export function isStockEffect(effect: Effect): effect is StockEffect {
  return effect.type === 'reserve_stock' || effect.type === 'release_stock' || effect.type === 'commit_stock';
}

/** The short lines in words, zh-CN first: what the order shows and the purchasing alert says. */
export function describeShortage(short: ShortLine[]): string {
  const zh = short.map((s) => `${s.sku} 需要 ${s.requested}，可用 ${s.available}`).join('；');
  const en = short.map((s) => `${s.sku} needs ${s.requested}, ${s.available} available`).join('; ');
  return `${zh}（${en}）`.slice(0, 2000);
}

/** The refusal of a command whose reservation is short and says onShort = refuse (a restock too early). */
export function stockShortError(record: RecordEnvelope, short: ShortLine[]): AppError {
  return new AppError('STOCK_SHORT', 409, `${record.entity} ${record.id} cannot be reserved yet: ${describeShortage(short)}. Nothing was changed.`, {
    hint: 'Wait for the stock to arrive (adjust it with POST /api/apps/:app/stock/:sku/adjustments, or let the WMS sync bring it); the order is then retried by itself, oldest payment first.',
    details: { short },
  });
}

/**
 * Carries out one stock effect inside the command's transaction. Reservations are keyed by the
 * record and line, so a retried command never reserves twice; a short reservation reserves
 * nothing (the store undoes the lines it took) and either asks for the short event or refuses.
 *
 * @example const { report, followUp } = await applyStockEffect(tx, effect, written, { now, actor: 'u7' });
 */
export async function applyStockEffect(
  tx: StoreTransaction,
  effect: StockEffect,
  record: RecordEnvelope,
  ctx: { now: string; actor: string },
): Promise<{ report: StockEffectReport; followUp?: StockFollowUp }> {
  const where = { entity: record.entity, recordId: record.id, now: ctx.now };
  switch (effect.type) {
    case 'reserve_stock': {
      const outcome = await tx.stock.reserve(tx, { ...where, warehouse: effect.warehouse, lines: effect.lines });
      if (!outcome.ok) {
        if (effect.onShort === 'refuse') throw stockShortError(record, outcome.short);
        // The shortage is recorded once the short event has run (its actions may release).
        return {
          report: { ok: false, short: outcome.short },
          followUp: { kind: 'event', event: effect.shortEvent, facts: { stock_shortage: describeShortage(outcome.short), stock_short: outcome.short } },
        };
      }
      await tx.stock.clearShortage(tx, record.entity, record.id);
      const report: StockEffectReport = { ok: true, reserved: outcome.newlyReserved, presale: outcome.presale, presaleShipDate: outcome.presaleShipDate };
      const patch: Record<string, unknown> = {};
      if (outcome.presale && effect.presaleField && record.data[effect.presaleField] !== true) patch[effect.presaleField] = true;
      if (outcome.presale && effect.shipDateField && outcome.presaleShipDate && record.data[effect.shipDateField] !== outcome.presaleShipDate) {
        patch[effect.shipDateField] = outcome.presaleShipDate;
      }
      return Object.keys(patch).length ? { report, followUp: { kind: 'patch', data: patch, reason: 'presale' } } : { report };
    }
    case 'release_stock': {
      const released = await tx.stock.release(tx, where);
      await tx.stock.clearShortage(tx, record.entity, record.id);
      return { report: { ok: true, released: released.length } };
    }
    case 'commit_stock': {
      const committed = await tx.stock.commit(tx, { ...where, actor: ctx.actor });
      return { report: { ok: true, committed: committed.length } };
    }
  }
}
