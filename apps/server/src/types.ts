import type { Store } from '@statecraft/store';
import type { OutboxDispatcher } from '@statecraft/store';
import type { Actor } from './services/actor.ts';
import type { AppRegistry } from './services/app-registry.ts';
import type { CommandRunner } from './services/commands.ts';
import type { AuthService } from './services/auth-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database: records, audit, outbox, users, definitions. */
    store: Store;
    /** The live compiled version of each published app. */
    apps: AppRegistry;
    /** create / update / transition / event / delete, the one way they run. */
    commands: CommandRunner;
    /** Users, sessions and tokens. */
    auth: AuthService;
    /** Delivers the outbox; started by server.ts, stepped by tests with runOnce(). */
    outboxDispatcher: OutboxDispatcher;
    /** The clock (injected by tests). */
    now: () => Date;
  }
  interface FastifyRequest {
    /** Who is calling: null until signed in. Set by the auth plugin's onRequest hook. */
    actor: Actor | null;
  }
}
