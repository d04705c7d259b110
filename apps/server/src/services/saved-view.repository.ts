import type { Store } from '@statecraft/store';

type Knex = Store['knex'];

export interface SavedView {
  id: number;
  appId: string;
  entity: string;
  owner: string;
  name: string;
  filters: { field: string; op: string; value?: unknown }[];
  sort: { field: string; direction: 'asc' | 'desc' } | null;
  createdAt: string;
}

const TABLE = 'sc_saved_view';

/**
 * A user's saved list views (name, filters, sort) per app and entity, in `sc_saved_view`.
 * The table is created on first use by `ensureTable`, idempotently on both dialects.
 */
export class SavedViewRepository {
  constructor(private readonly knex: Knex) {}

  async ensureTable(): Promise<void> {
    if (await this.knex.schema.hasTable(TABLE)) return;
    try {
      await this.knex.schema.createTable(TABLE, (t) => {
        t.increments('id').primary();
        t.text('app_id').notNullable();
        t.text('entity').notNullable();
        t.text('owner').notNullable();
        t.text('name').notNullable();
        t.text('filters').notNullable();
        t.text('sort');
        t.text('created_at').notNullable();
        t.index(['app_id', 'owner', 'entity'], 'ix_sc_saved_view_owner');
      });
    } catch (e) {
      // Another server process created it at the same moment.
      if (!(await this.knex.schema.hasTable(TABLE))) throw e;
    }
  }

  async list(appId: string, owner: string, entity?: string): Promise<SavedView[]> {
    const q = this.knex(TABLE).where({ app_id: appId, owner }).orderBy('id');
    if (entity) q.andWhere({ entity });
    return ((await q) as Record<string, unknown>[]).map(toView);
  }

  async create(view: Omit<SavedView, 'id'>): Promise<SavedView> {
    const [row] = (await this.knex(TABLE)
      .insert({ app_id: view.appId, entity: view.entity, owner: view.owner, name: view.name, filters: JSON.stringify(view.filters), sort: view.sort ? JSON.stringify(view.sort) : null, created_at: view.createdAt })
      .returning('id')) as ({ id: number } | number)[];
    const id = typeof row === 'object' ? row.id : row!;
    return { ...view, id: Number(id) };
  }

  /** Deletes the owner's view; false when there is none with that id for that owner. */
  async delete(appId: string, owner: string, id: number): Promise<boolean> {
    return (await this.knex(TABLE).where({ id, app_id: appId, owner }).delete()) > 0;
  }
}

function toView(r: Record<string, unknown>): SavedView {
  return {
    id: Number(r.id),
    appId: String(r.app_id),
    entity: String(r.entity),
    owner: String(r.owner),
    name: String(r.name),
    filters: JSON.parse(String(r.filters)) as SavedView['filters'],
    sort: r.sort ? (JSON.parse(String(r.sort)) as SavedView['sort']) : null,
    createdAt: String(r.created_at),
  };
}
