import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  channelSettings,
  createChannelClient,
  CREDENTIAL_FIELDS,
  DEMO_CHANNEL_CREDENTIALS,
  pullConnector,
  type ChannelClient,
  type ChannelPlatform,
  type ChannelSettings,
  type HttpOptions,
  type IntakeRun,
} from '@statecraft/connectors';
import type { Connector } from '@statecraft/schema';
import type { Store } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import type { AppRegistry, LoadedApp } from './app-registry.ts';
import type { CommandRunner } from './commands.ts';
import type { CredentialStore } from './credential-store.ts';
import { connectorNotFound } from './intake-errors.ts';
import { StoreIntakeState } from './intake-state.repository.ts';
import { StoreOrderSink } from './order-intake-sink.ts';

export interface ChannelIntakeOptions {
  store: Store;
  apps: AppRegistry;
  commands: CommandRunner;
  credentials: CredentialStore;
  now: () => Date;
  /** HTTP settings for the platform clients (fetch and time-out are test seams). */
  http?: Omit<HttpOptions, 'gateway'>;
  /** Where a connector's gateway really is, by connector id (sandboxes on other ports; tests). */
  gateways?: Record<string, string>;
  /** Orders per sink transaction (default 1,000; see pullConnector). */
  batchSize?: number;
  onError?: (err: unknown) => void;
  /** Test seam: called when a pull of a connector starts and ends (exclusivity tests). */
  onPull?: (info: { appId: string; connectorId: string; phase: 'start' | 'end' }) => void;
}

/** Why `runConnector` did not pull: another process holds it, or it is not due yet. */
export type RunResult = { ran: true; run: IntakeRun } | { ran: false; reason: 'busy' | 'not_due' };

/** Channel connectors of a definition (kind "channel"). */
export function channelConnectors(app: LoadedApp): Connector[] {
  return (app.definition.connectors ?? []).filter((c) => c.kind === 'channel');
}

/**
 * The scheduler of the channel intake: every enabled channel connector is pulled on its
 * schedule (default every 10 minutes). One pull per connector at a time, across processes: on
 * PostgreSQL the connector's row in sc_intake_job is claimed with `FOR UPDATE SKIP LOCKED` and
 * held for the whole pull (a crashed process drops its connection and with it the claim); SQLite
 * has one process, where an in-memory set does the same.
 *
 * @example const intake = new ChannelIntake({ store, apps, commands, credentials, now }); intake.start(30_000);
 */
export class ChannelIntake {
  /** Names this process in sc_intake_job.running_by. */
  readonly processId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly running = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(private readonly options: ChannelIntakeOptions) {}

  /** The system actor the intake writes as: superuser of the app, named after the connector. */
  actorFor(app: LoadedApp, connectorId: string): Actor {
    return { id: `intake:${connectorId}`, userId: null, displayName: `订单接入 ${connectorId}`, roles: [...app.superuserRoles].slice(0, 1), via: 'system' };
  }

  state(appId: string): StoreIntakeState {
    return new StoreIntakeState(this.options.store.knex, appId);
  }

  connector(appId: string, connectorId: string): { app: LoadedApp; connector: Connector } {
    const app = this.options.apps.get(appId);
    const connector = channelConnectors(app).find((c) => c.id === connectorId);
    if (!connector) throw connectorNotFound(appId, connectorId, 'channel');
    return { app, connector };
  }

  /** The credentials a connector pulls with: stored ones, else the sandbox's demo ones for a sandbox connector. */
  async credentialsFor(appId: string, connector: Connector): Promise<Record<string, string>> {
    const stored = await this.options.credentials.get(appId, connector.id);
    const platform = connector.platform as ChannelPlatform;
    const sandbox = (connector.config as { sandbox?: boolean } | undefined)?.sandbox === true;
    const values = stored ?? (sandbox ? { ...DEMO_CHANNEL_CREDENTIALS[platform] } : null);
    const missing = CREDENTIAL_FIELDS[platform].filter((f) => !values?.[f]);
    if (!values || missing.length) {
      throw new AppError('INTAKE_CREDENTIALS_MISSING', 409, `Connector "${connector.id}" has no stored credentials${values ? ` for ${missing.join(', ')}` : ''}.`, {
        hint: `An administrator sets them with PUT /api/apps/${appId}/intake/connectors/${connector.id}/credentials {${CREDENTIAL_FIELDS[platform].join(', ')}}.`,
      });
    }
    return values;
  }

  private async client(appId: string, connector: Connector, settings: ChannelSettings): Promise<ChannelClient> {
    return createChannelClient(settings.platform, {
      http: { userAgent: `statecraft-intake (${this.processId})`, ...this.options.http, gateway: this.options.gateways?.[connector.id] ?? settings.gateway },
      credentials: await this.credentialsFor(appId, connector),
      shop: settings.shop,
      mapping: settings.mapping,
      ...(settings.pageSize ? { pageSize: settings.pageSize } : {}),
      ...(settings.signMethod ? { signMethod: settings.signMethod } : {}),
      now: this.options.now,
    });
  }

  /** One pull of a connector now (or only when due), unless another pull of it is under way. */
  async runConnector(appId: string, connectorId: string, options: { force?: boolean } = {}): Promise<RunResult> {
    const { app, connector } = this.connector(appId, connectorId);
    const key = `${appId}/${connectorId}`;
    if (this.running.has(key)) return { ran: false, reason: 'busy' };
    this.running.add(key);
    try {
      const settings = channelSettings(connector, { maxWindowMs: Number.MAX_SAFE_INTEGER, lagMs: 0, maxPageSize: 100 });
      const client = await this.client(appId, connector, settings);
      const real = channelSettings(connector, client.limits);
      const knex = this.options.store.knex;
      const job = { app_id: appId, connector_id: connectorId };
      await knex('sc_intake_job').insert({ ...job, next_run_at: new Date(0).toISOString() }).onConflict(['app_id', 'connector_id']).ignore();
      const pull = async (): Promise<IntakeRun> => {
        this.options.onPull?.({ appId, connectorId, phase: 'start' });
        try {
          return await pullConnector({
            settings: real,
            client,
            state: this.state(appId),
            sink: new StoreOrderSink({ store: this.options.store, commands: this.options.commands, app: () => this.options.apps.get(appId), actor: this.actorFor(app, connectorId), shopCode: real.shop.code }),
            now: this.options.now,
            ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
          });
        } finally {
          this.options.onPull?.({ appId, connectorId, phase: 'end' });
        }
      };
      const nextRun = () => new Date(this.options.now().getTime() + real.everyMs).toISOString();
      if (this.options.store.dialect !== 'postgres') {
        const row = await knex('sc_intake_job').where(job).first();
        if (!options.force && String(row.next_run_at) > this.options.now().toISOString()) return { ran: false, reason: 'not_due' };
        await knex('sc_intake_job').where(job).update({ running_by: this.processId, running_since: this.options.now().toISOString() });
        try {
          return { ran: true, run: await pull() };
        } finally {
          await knex('sc_intake_job').where(job).update({ next_run_at: nextRun(), running_by: null, running_since: null });
        }
      }
      // The claim lives as long as this transaction: the pull itself writes through other connections.
      return await knex.transaction(async (trx) => {
        const row = await trx('sc_intake_job').where(job).forUpdate().skipLocked().first();
        if (!row) return { ran: false, reason: 'busy' } as const;
        if (!options.force && String(row.next_run_at) > this.options.now().toISOString()) return { ran: false, reason: 'not_due' } as const;
        const run = await pull();
        await trx('sc_intake_job').where(job).update({ next_run_at: nextRun(), running_by: null, running_since: null });
        return { ran: true, run } as const;
      });
    } finally {
      this.running.delete(key);
    }
  }

  /** One scheduler round: every enabled channel connector of every app that is due. */
  async tick(): Promise<void> {
    for (const appId of this.options.apps.ids()) {
      for (const c of channelConnectors(this.options.apps.get(appId))) {
        if (c.enabled === false) continue;
        try {
          await this.runConnector(appId, c.id);
        } catch (err) {
          this.options.onError?.(err);
        }
      }
    }
  }

  /** Runs `tick` every `intervalMs` (server.ts; tests call tick or runConnector). */
  start(intervalMs = 30_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.ticking) this.ticking = this.tick().finally(() => (this.ticking = null));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }
}
