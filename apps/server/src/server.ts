/**
 * Starts Statecraft: reads the configuration from the environment, opens and migrates the
 * database, installs the OMS template on first start, starts the outbox dispatcher and listens.
 */
import { openStore } from '@statecraft/store';
import { build } from './app.ts';
import { readConfig } from './config.ts';
import { installTemplate } from './installer.ts';
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
});

const installed = config.skipInstall ? null : await installTemplate(app, { adminPassword: config.adminPassword, demoPassword: config.demoPassword });

app.outboxDispatcher.start(1000);
app.wmsSync.start(stockConfig.syncIntervalMs);
await app.listen({ port: config.port, host: config.host });

const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port}`;
const lines = [
  '',
  `Statecraft is running at ${url}`,
  `  API docs (OpenAPI): ${url}/docs`,
  `  Database:           ${config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`,
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
    await store.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
