import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('has working defaults', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/statecraft.db',
      adminPassword: undefined,
      demoPassword: undefined,
      trustProxy: false,
      logLevel: 'info',
      skipInstall: false,
      intakeGateways: {},
    });
  });

  it('reads the environment', () => {
    const config = readConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db/oms', STATECRAFT_ADMIN_PASSWORD: 'pw', TRUST_PROXY: '1' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@db/oms', adminPassword: 'pw', trustProxy: true });
  });

  it('reads where connectors\' gateways really are, and refuses anything but id → URL', () => {
    expect(readConfig({ STATECRAFT_INTAKE_GATEWAYS: '{"tmall_shop":"http://127.0.0.1:5101/router/rest"}' }).intakeGateways).toEqual({ tmall_shop: 'http://127.0.0.1:5101/router/rest' });
    expect(() => readConfig({ STATECRAFT_INTAKE_GATEWAYS: '{"tmall_shop": 5101}' })).toThrow(/STATECRAFT_INTAKE_GATEWAYS must be a JSON object of connector id → gateway URL/);
    expect(() => readConfig({ STATECRAFT_INTAKE_GATEWAYS: 'tmall_shop=http://x' })).toThrow(/STATECRAFT_INTAKE_GATEWAYS/);
  });

  it('refuses a bad port', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
  });
});
