import { isStoreError } from '@statecraft/store';
import { AppError } from '../app-error.ts';

const HINTS: Record<string, string> = {
  STORE_VERSION_CONFLICT: 'Reload the record and apply your change to its current version.',
  STORE_DESTRUCTIVE_CHANGE: 'Publish again with "allowDestructive": true to keep the old data in a renamed column, or undo the change.',
  STORE_BUSY: 'The database is busy; try again in a moment.',
  STORE_PG_UNREACHABLE: 'Check that PostgreSQL is running and DATABASE_URL is right.',
};

/**
 * The store's errors keep their code (STORE_*, STOCK_*) and status (the store's message already
 * says how to fix it); a version conflict becomes RECORD_VERSION_CONFLICT, the code the API promises.
 */
export function fromStoreError(e: unknown): AppError | undefined {
  if (!isStoreError(e)) return undefined;
  if (e.code === 'STORE_VERSION_CONFLICT') return versionConflict(e.message, e.details);
  return new AppError(e.code, e.status, e.message, {
    hint: HINTS[e.code] ?? (e.status >= 500 ? 'Try again later.' : 'Fix the request as the message says.'),
    ...(e.details ? { details: { details: e.details } } : {}),
    cause: e,
  });
}

/** 409 for a write based on a stale version of the record. */
export function versionConflict(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('RECORD_VERSION_CONFLICT', 409, message, {
    hint: 'Someone changed this record after you loaded it: reload it, then apply your change to the current version.',
    ...(details ? { details: { details } } : {}),
  });
}
