import type { AppDefinition, Entity, Field } from '@statecraft/schema';
import type { RecordData } from '../record.ts';
import { Random } from './random.ts';

/**
 * Plausible record data for an entity of a definition, for tests: every field gets a value of
 * its type (sometimes null), lines get line records, the workflow's state field a state id.
 */
export function sampleRecords(def: AppDefinition, entityId: string, count: number, seed: number): RecordData[] {
  const random = new Random(seed);
  const entities = new Map(def.entities.map((e) => [e.id, e]));
  const entity = entities.get(entityId);
  if (!entity) throw new Error(`no entity ${entityId}`);
  const workflow = def.workflows.find((w) => w.entity === entityId);
  const out: RecordData[] = [];
  for (let i = 0; i < count; i++) {
    const data = sampleData(entity, entities, random, 0);
    if (workflow) data[workflow.stateField] = random.pick(workflow.states).id;
    out.push(data);
  }
  return out;
}

function sampleData(entity: Entity, entities: Map<string, Entity>, random: Random, depth: number): RecordData {
  const data: RecordData = {};
  for (const field of entity.fields) data[field.id] = sampleValue(field, entities, random, depth);
  return data;
}

function sampleValue(field: Field, entities: Map<string, Entity>, random: Random, depth: number): unknown {
  if (field.type !== 'lines' && random.chance(0.15)) return null;
  switch (field.type) {
    case 'text':
    case 'longtext':
      return random.pick(['', 'A001', '张三', 'VIP 客户', '0', 'x'.repeat(random.int(1, 12))]);
    case 'phone':
      return random.pick(['13800001234', '138****1234', '']);
    case 'email':
      return random.pick(['a@example.com', 'buyer@shop.cn']);
    case 'integer':
      return random.int(-3, 50);
    case 'decimal':
      return random.int(-1000, 100000) / 100;
    case 'money':
      return random.pick([0, 1, 990, 19900, 500000, 500001, random.int(0, 2_000_000)]);
    case 'boolean':
      return random.chance(0.5);
    case 'date':
      return `2026-0${random.int(1, 9)}-1${random.int(0, 9)}`;
    case 'datetime':
      return `2026-0${random.int(1, 9)}-1${random.int(0, 9)}T0${random.int(0, 9)}:30:00.000Z`;
    case 'enum':
      return random.pick(field.options).value;
    case 'multienum':
      return field.options.filter(() => random.chance(0.5)).map((o) => o.value);
    case 'address':
      return random.pick([
        { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' },
        { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 栋', zip: '518000' },
      ]);
    case 'reference':
      return random.int(1, 1000);
    case 'lines': {
      const lineEntity = entities.get(field.entity);
      if (!lineEntity || depth > 1) return [];
      const n = random.int(0, 4);
      return Array.from({ length: n }, () => sampleData(lineEntity, entities, random, depth + 1));
    }
    case 'computed':
      switch (field.resultType) {
        case 'text':
          return 'x';
        case 'boolean':
          return random.chance(0.5);
        case 'date':
          return '2026-01-01';
        case 'datetime':
          return '2026-01-01T00:00:00.000Z';
        default:
          return random.int(0, 100000);
      }
  }
}
