/** The server's configuration, read from the environment by `server.ts` only. */
export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Password of the first admin; generated (and printed once) when unset. */
  adminPassword: string | undefined;
  /** Password of the template's demo users; generated (and printed once) when unset. */
  demoPassword: string | undefined;
  /** Trust X-Forwarded-* headers (behind a reverse proxy): needed for Secure cookies behind https. */
  trustProxy: boolean;
  logLevel: string;
  /** Skip installing the bundled OMS template on an empty database. */
  skipInstall: boolean;
  /** Where channel connectors' gateways really are, by connector id, overriding the definition's (STATECRAFT_INTAKE_GATEWAYS, JSON). */
  intakeGateways: Record<string, string>;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (0–65535), got "${value}".`);
  return n;
}

function gateways(name: string, value: string | undefined): Record<string, string> {
  if (!value) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  const ok = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string' && /^https?:\/\//.test(v));
  if (!ok) throw new Error(`${name} must be a JSON object of connector id → gateway URL, e.g. {"tmall_shop": "http://127.0.0.1:4101/router/rest"}; got "${value}".`);
  return parsed as Record<string, string>;
}

const truthy = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes';

/**
 * Reads the configuration from environment variables (see README.md).
 *
 * @example readConfig({ PORT: '8080' }).port // → 8080
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: integer('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/statecraft.db',
    adminPassword: env.STATECRAFT_ADMIN_PASSWORD || undefined,
    demoPassword: env.STATECRAFT_DEMO_PASSWORD || undefined,
    trustProxy: truthy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL || 'info',
    skipInstall: truthy(env.STATECRAFT_SKIP_INSTALL),
    intakeGateways: gateways('STATECRAFT_INTAKE_GATEWAYS', env.STATECRAFT_INTAKE_GATEWAYS),
  };
}
