import type { FastifyInstance } from 'fastify';
import { definition as omsDefinition, isSeedRef, seed as omsSeed, type Seed } from '@statecraft/template-oms';
import type { AppDefinition } from '@statecraft/schema';
import { AppError } from './app-error.ts';
import type { Actor } from './services/actor.ts';
import { CommandRunner } from './services/commands.ts';
import { generatePassword } from './services/password.ts';
import { publishDefinition } from './services/publisher.ts';
import { DatabaseFacts } from './services/record-facts.ts';
import { shiftSeedDates } from './services/seed-dates.ts';
import { installStock } from './services/stock-seed.ts';

export interface InstallOptions {
  /** The first admin's password; generated when absent (and returned so it can be shown once). */
  adminPassword?: string | undefined;
  /** The demo users' password; generated when absent. */
  demoPassword?: string | undefined;
  /** Another template (tests); default: the bundled OMS. */
  definition?: AppDefinition;
  seed?: Seed;
  /** Skip the demo records (users are still created). */
  records?: boolean;
  /** Skip the starting stock (seed.json `stock`; installed even without the demo records). */
  stock?: boolean;
  /** Keep the seed's dates as written instead of moving them to the present (see shiftSeedDates). */
  keepSeedDates?: boolean;
}

export interface InstallResult {
  appId: string;
  version: number;
  admin: { username: string; password: string; generated: boolean };
  demoUsers: { username: string; displayName: string; roles: string[] }[];
  demoPassword: { password: string; generated: boolean };
  records: Record<string, number>;
}

const ADMIN_USERNAME = 'admin';

/** Replaces `{"$key": "…"}` by the id of the seed record with that key, anywhere in the value. */
function resolveKeys(value: unknown, keys: Map<string, number>, where: string): unknown {
  if (isSeedRef(value)) {
    const id = keys.get(value.$key);
    if (id === undefined) {
      throw new AppError('INSTALL_SEED_INVALID', 500, `${where}: the seed refers to "$key": "${value.$key}" before (or without) defining it.`, {
        hint: 'Define the referenced record earlier in seed.json.',
      });
    }
    return id;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveKeys(v, keys, `${where}/${i}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveKeys(v, keys, `${where}/${k}`)]));
  }
  return value;
}

/**
 * First start: when the database has no app yet, installs the bundled OMS template. It publishes
 * the definition as version 1, creates the `admin` superuser and the demo users, then seeds the
 * records through the same command path as the API (engine → store, audit, effects), resolving
 * `$key` references and firing each record's `$transitions` as the system actor. The seed's
 * dates are first moved to the present (the newest lands on the install time, spacing kept).
 * Returns null when an app is already installed.
 *
 * @example
 * const installed = await installTemplate(app, { adminPassword: process.env.STATECRAFT_ADMIN_PASSWORD });
 * if (installed?.admin.generated) console.log(`admin password: ${installed.admin.password}`);
 */
export async function installTemplate(app: FastifyInstance, options: InstallOptions = {}): Promise<InstallResult | null> {
  if ((await app.store.definitions.listApps()).length > 0) return null;
  const definition = options.definition ?? omsDefinition;
  const now = () => app.now().toISOString();
  // The demo history moves to the present: the newest seed order is "now", today's figures are real.
  const given = options.seed ?? omsSeed;
  const seed = options.keepSeedDates ? given : shiftSeedDates(given, definition, app.now()).seed;

  const { app: live } = await publishDefinition(app.store, app.apps, definition, { by: 'installer', now: now(), note: 'Installed from the template' });
  const superRole = [...live.superuserRoles][0];
  if (!superRole) {
    throw new AppError('INSTALL_SEED_INVALID', 500, `The template "${definition.id}" declares no superuser role.`, { hint: 'Mark one role "superuser": true.' });
  }

  const adminPassword = options.adminPassword ?? generatePassword();
  await app.auth.createUser({ username: ADMIN_USERNAME, displayName: '管理员 Administrator', roles: [superRole], password: adminPassword });

  const demoPassword = options.demoPassword ?? generatePassword();
  for (const user of seed.users) {
    await app.auth.createUser({ username: user.username, displayName: user.displayName, roles: user.roles, password: demoPassword });
  }

  const system: Actor = { id: 'system', userId: null, displayName: 'System', roles: [superRole], via: 'system' };
  const keys = new Map<string, number>();
  const counts: Record<string, number> = {};
  // Stock first: the seed's paid orders reserve it.
  if (options.stock !== false) await installStock(app.store, seed.stock ?? [], { now: now(), actor: 'installer' });
  if (options.records !== false) {
    // Records with `$at` run on a clock set to that instant: what their actions stamp fits their history.
    let at: Date | null = null;
    const atClock = new CommandRunner({ store: app.store, now: () => at ?? app.now(), facts: new DatabaseFacts(app.store) });
    for (const [entity, records] of Object.entries(seed.records)) {
      for (const [i, seedRecord] of records.entries()) {
        const { $key, $transitions, $at, ...raw } = seedRecord;
        const data = resolveKeys(raw, keys, `/records/${entity}/${i}`) as Record<string, unknown>;
        at = $at ? new Date($at) : null;
        const commands = at ? atClock : app.commands;
        let { record } = await commands.create(live, system, entity, data);
        for (const transition of $transitions ?? []) {
          ({ record } = await commands.transition(live, system, entity, record.id, record.version, transition));
        }
        if ($key) keys.set($key, record.id);
        counts[entity] = (counts[entity] ?? 0) + 1;
      }
    }
  }

  return {
    appId: live.id,
    version: live.version,
    admin: { username: ADMIN_USERNAME, password: adminPassword, generated: options.adminPassword === undefined },
    demoUsers: seed.users.map((u) => ({ username: u.username, displayName: u.displayName, roles: u.roles })),
    demoPassword: { password: demoPassword, generated: options.demoPassword === undefined },
    records: counts,
  };
}
