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
  /**
   * When the installer creates the record and fires its `$transitions` (ISO instant; moved to the
   * present with the seed's other dates), so that times actions set (`shipped_at` …) fit the
   * record's history. Default: the install time.
   */
  $at?: string;
  [field: string]: unknown;
}

/**
 * Starting stock of one SKU in one warehouse (the central stock pool, 中央库存池), installed by
 * the server's installer with the template, before any order is paid. Optional presale
 * (预售模式): orders beyond stock up to `cap` units, shipping from `ship_date`.
 */
export interface SeedStock {
  sku_code: string;
  warehouse: string;
  on_hand: number;
  safety_stock?: number;
  presale?: { enabled: boolean; cap: number; ship_date: string | null };
}

export interface Seed {
  users: SeedUser[];
  /** Starting stock per SKU and warehouse; every product's SKU should have a row. */
  stock?: SeedStock[];
  /** Entity id → records, installed in the order the entities appear here. */
  records: Record<string, SeedRecord[]>;
}

/** True for a value written as `{"$key": "…"}`. */
export function isSeedRef(value: unknown): value is SeedRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as SeedRef).$key === 'string';
}
