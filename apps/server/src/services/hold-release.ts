import type { Entity } from '@statecraft/schema';
import type { RecordEnvelope, Store } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import { versionConflict } from './store-errors.ts';

/**
 * Whether the actor may release holds on records of `entity`: superusers always, otherwise a
 * role in `permissions.release`. A missing list means superusers only: a hold exists to stop people.
 */
export function mayRelease(entity: Entity, actor: Actor, superuserRoles: ReadonlySet<string>): boolean {
  if (actor.roles.some((r) => superuserRoles.has(r))) return true;
  const allowed = entity.permissions?.release ?? [];
  return actor.roles.some((r) => allowed.includes(r));
}

/**
 * Releases a record's hold (暂停发货) by hand, at the version the person read: role-checked,
 * written with an audit row (`release`, with the hold released and the note) in one transaction,
 * so the record's timeline shows who released it and why.
 *
 * @example await releaseHold(store, live, actor, entity, 7, 3, '已电话核实买家', now)
 */
export async function releaseHold(store: Store, live: LoadedApp, actor: Actor, entity: Entity, id: number, version: number, note: string | null, now: string): Promise<RecordEnvelope> {
  if (!mayRelease(entity, actor, live.superuserRoles)) {
    const allowed = entity.permissions?.release ?? [];
    throw new AppError('PERMISSION_DENIED', 403, `Your roles (${actor.roles.join(', ') || 'none'}) may not release holds on ${entity.id} records.`, {
      hint: `Ask someone with one of these roles: ${allowed.join(', ') || '(superusers only)'}; the definition lists them in entities[].permissions.release.`,
    });
  }
  const record = await store.records.get(entity.id, id);
  if (record.version !== version) {
    throw versionConflict(`${entity.id} ${id} was changed by someone else: you sent version ${version}, it is now at version ${record.version}.`, {
      entity: entity.id,
      id,
      expectedVersion: version,
      currentVersion: record.version,
    });
  }
  if (!record.hold) {
    throw new AppError('HOLD_NOT_HELD', 409, `${entity.id} ${id} is not on hold: there is nothing to release.`, { hint: 'Reload the record; someone may have released it already.' });
  }
  return store.transaction(async (tx) => {
    const written = await tx.records.update(entity.id, id, version, {}, { actor: actor.id, now, defVersion: live.version }, { hold: null, previous: record });
    await tx.audit.append(tx, {
      entity: entity.id,
      recordId: id,
      action: 'release',
      actor: actor.id,
      at: now,
      before: null,
      after: null,
      details: { command: 'release', version: { from: version, to: written.version }, released: record.hold, note },
      defVersion: live.version,
    });
    return written;
  });
}
