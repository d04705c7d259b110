/**
 * Starts Statecraft: reads the configuration from the environment, opens and migrates the
 * database, installs the OMS template on first start, starts the outbox dispatcher and listens.
 */
import { openStore } from '@statecraft/store';
import { build } from './app.ts';
import { readConfig } from './config.ts';
import { installTemplate } from './installer.ts';
import { startSandboxes } from './sandboxes.ts';
import { readStockConfig } from './services/stock-config.ts';

const config = readConfig();
const stockConfig = readStockConfig();
const store = await openStore(config.databaseUrl);
await store.migrate();

const app = await build({
  store,
  trustProxy: config.trustProxy,
  logger: { level: config.logLevel },
  stock: { wms: stockConfig.wmsUrl ? { url: stockConfig.wmsUrl, ...(stockConfig.wmsToken ? { token: stockConfig.wmsToken } : {}) } : null },
  intake: { gateways: config.intakeGateways },
});

const installed = config.skipInstall ? null : await installTemplate(app, { adminPassword: config.adminPassword, demoPassword: config.demoPassword });

// The template's connectors point at local sandboxes that stand in for the platforms (see
// sandboxes.ts); each is skippable, and a busy port is logged, not fatal.
const sandboxes = await startSandboxes(process.env, app.log);

app.outboxDispatcher.start(1000);
app.wmsSync.start(stockConfig.syncIntervalMs);
// The scheduler looks every STATECRAFT_INTAKE_TICK_MS (default 30 s; 0 = off) for channel
// connectors that are due (each on its own schedule, default every 10 minutes).
const intakeTickMs = Number(process.env.STATECRAFT_INTAKE_TICK_MS ?? 30_000);
if (intakeTickMs > 0) app.channelIntake.start(intakeTickMs);
await app.listen({ port: config.port, host: config.host });

const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port}`;
const lines = [
  '',
  `Statecraft is running at ${url}  (open it in a browser)`,
  `  API docs (OpenAPI): ${url}/docs`,
  `  Database:           ${config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`,
  ...sandboxes.describe(),
];
if (installed) {
  lines.push(
    `  Installed the template "${installed.appId}" (version ${installed.version}) with ${Object.values(installed.records).reduce((a, b) => a + b, 0)} demo records.`,
    `  Sign in: POST ${url}/api/auth/login {"username": "admin", "password": …}`,
  );
  // Shown once: only the hashes are stored.
  if (installed.admin.generated) lines.push(`  admin password (shown once, write it down): ${installed.admin.password}`);
  else lines.push('  admin password: the one in STATECRAFT_ADMIN_PASSWORD');
  lines.push(`  Demo users: ${installed.demoUsers.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', ')}`);
  if (installed.demoPassword.generated) lines.push(`  demo users' password (shown once): ${installed.demoPassword.password}`);
  else lines.push("  demo users' password: the one in STATECRAFT_DEMO_PASSWORD");
} else {
  lines.push(`  Sign in: POST ${url}/api/auth/login with your username and password (see README).`);
}
console.log(lines.join('\n') + '\n');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: shutting down`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close(); // stops the dispatcher (onClose) and drains requests
    await sandboxes.close();
    await store.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
