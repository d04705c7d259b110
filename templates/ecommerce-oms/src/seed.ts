/**
 * The format of `seed.json`: demo users and records the server's installer loads into a fresh
 * app. See the template README ("Seed format") for the installer's rules.
 */

/** A user to create. Seed users carry no password: the installer sets one. */
export interface SeedUser {
  username: string;
  displayName: string;
  /** Role ids of the definition. */
  roles: string[];
}

/** A reference to another seed record by its `$key`, resolved to that record's id on install. */
export interface SeedRef {
  $key: string;
}

/**
 * One record to create: field id → value in the contract's value format (money in fen…), plus
 * two installer directives. A reference field holds a {@link SeedRef}; a lines field holds the
 * lines' data objects.
 */
export interface SeedRecord {
  /** A name other seed records use to refer to this one; not stored. */
  $key?: string;
  /** Transitions the installer fires through the engine, in order, after creating the record. */
  $transitions?: string[];
  [field: string]: unknown;
}

export interface Seed {
  users: SeedUser[];
  /** Entity id → records, installed in the order the entities appear here. */
  records: Record<string, SeedRecord[]>;
}

/** True for a value written as `{"$key": "…"}`. */
export function isSeedRef(value: unknown): value is SeedRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as SeedRef).$key === 'string';
}
