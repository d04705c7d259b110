import type { Dialect } from './column-types.ts';
import type { AppModel, EntityModel } from './entity-model.ts';
import { EntityCodec } from './record-codec.ts';
import { StoreError } from './store-error.ts';

/**
 * Codecs by entity model: a model is immutable once built, and every transaction gets its own
 * ActiveModel, so a per-holder cache would build the codecs again on every command.
 */
const codecCache = new WeakMap<EntityModel, Partial<Record<Dialect, EntityCodec>>>();

function codecFor(model: EntityModel, dialect: Dialect): EntityCodec {
  let byDialect = codecCache.get(model);
  if (!byDialect) codecCache.set(model, (byDialect = {}));
  return (byDialect[dialect] ??= new EntityCodec(model, dialect));
}

/**
 * The table layout records are read and written with: the last definition applied. A transaction
 * gets its own holder so a definition applied inside it only takes effect when it commits.
 */
export class ActiveModel {
  constructor(
    private model: AppModel | null,
    readonly dialect: Dialect,
  ) {}

  get current(): AppModel | null {
    return this.model;
  }

  set(model: AppModel | null): void {
    this.model = model;
  }

  /** The model and codec of an entity, or a StoreError saying what is missing. */
  entity(entity: string): { model: EntityModel; codec: EntityCodec } {
    if (!this.model) {
      throw new StoreError('STORE_NO_DEFINITION', 'No definition is applied to this store yet: call store.applyDefinition(definition, { defVersion }) (the server does so on start and on publish).');
    }
    const model = this.model.entities.get(entity);
    if (!model) {
      throw new StoreError('STORE_UNKNOWN_ENTITY', `Entity "${entity}" is not in the applied definition (entities: ${[...this.model.entities.keys()].join(', ')}).`, { entity });
    }
    return { model, codec: codecFor(model, this.dialect) };
  }
}
