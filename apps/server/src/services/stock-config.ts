/** How the server reaches the WMS and how often it syncs stock, from the environment. */
export interface StockConfig {
  /** The WMS base URL (default the sandbox `npm start` runs: http://127.0.0.1:4010); null when STATECRAFT_WMS_URL=off. */
  wmsUrl: string | null;
  wmsToken: string | undefined;
  /** Milliseconds between WMS stock syncs (default 300000 = 5 minutes; 0 = never by itself). */
  syncIntervalMs: number;
}

/**
 * Reads STATECRAFT_WMS_URL, STATECRAFT_WMS_TOKEN and STATECRAFT_WMS_SYNC_MS.
 *
 * @example readStockConfig({ STATECRAFT_WMS_SYNC_MS: '60000' }).syncIntervalMs // → 60000
 */
export function readStockConfig(env: NodeJS.ProcessEnv = process.env): StockConfig {
  const url = env.STATECRAFT_WMS_URL ?? 'http://127.0.0.1:4010';
  const raw = env.STATECRAFT_WMS_SYNC_MS;
  const interval = raw === undefined || raw === '' ? 300_000 : Number(raw);
  if (!Number.isInteger(interval) || interval < 0) throw new Error(`STATECRAFT_WMS_SYNC_MS must be a whole number of milliseconds ≥ 0, got "${raw}".`);
  if (url !== 'off' && url !== '' && !/^https?:\/\//.test(url)) throw new Error(`STATECRAFT_WMS_URL must be an http(s) URL or "off", got "${url}".`);
  return { wmsUrl: url === 'off' || url === '' ? null : url, wmsToken: env.STATECRAFT_WMS_TOKEN || undefined, syncIntervalMs: interval };
}
