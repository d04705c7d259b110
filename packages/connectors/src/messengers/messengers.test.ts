import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMessengerSandboxes, type MessengerSandboxes } from '../sandboxes/index.ts';
import { DingTalkRobot, dingtalkSign } from './dingtalk-robot.ts';
import { DEMO_MESSENGER_CREDENTIALS, messengerCredentials } from './messenger-credentials.ts';
import { parseMessengerConfig } from './messenger-config.ts';
import { MessengerError } from './messenger-error.ts';
import { RobotRateLimit } from './robot-rate-limit.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { WeComRobot } from './wecom-robot.ts';

let clockMs = Date.parse('2026-01-01T00:00:00Z');
const clock = () => clockMs;
let s: MessengerSandboxes;
const demo = DEMO_MESSENGER_CREDENTIALS;

beforeAll(async () => {
  s = await startMessengerSandboxes({ dingtalk: 0, wecom: 0, smtp: 0, clock });
});
afterAll(async () => {
  await s.close();
});

async function failure(p: Promise<unknown>): Promise<MessengerError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(MessengerError);
  return e as MessengerError;
}

describe('DingTalk robot and its sandbox', () => {
  it('signs as DingTalk documents: urlencode(base64(HMAC-SHA256(secret, ts\\nsecret)))', () => {
    // Computed independently with: printf '1735689600000\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64
    expect(decodeURIComponent(dingtalkSign('SECabc', 1735689600000))).toBe('Hy2YyE+3qwSg9//dsLljFAjX6jAUtF7A3UY6cqo8BWA=');
  });

  it('delivers a signed markdown message with mentions', async () => {
    const robot = new DingTalkRobot({ url: s.dingtalk.webhook, ...demo.dingtalk, clock });
    await robot.send({ title: '库存不足', text: '订单 SO1 缺货，已暂停发货', mentionMobiles: ['13800000000'] });
    const got = s.dingtalk.received.at(-1)!;
    expect(got).toMatchObject({ msgtype: 'markdown', title: '库存不足', atMobiles: ['13800000000'] });
    expect(got.text).toContain('订单 SO1 缺货');
  });

  it('a wrong secret is refused with 310000 and is permanent', async () => {
    const robot = new DingTalkRobot({ url: s.dingtalk.webhook, accessToken: demo.dingtalk.accessToken, secret: 'SECwrong', clock });
    const e = await failure(robot.send({ title: 't', text: 'x' }));
    expect([e.code, e.permanent, e.platformCode]).toEqual(['MESSENGER_REJECTED', true, 310000]);
  });

  it('a stale timestamp (over an hour) is refused', async () => {
    const robot = new DingTalkRobot({ url: s.dingtalk.webhook, ...demo.dingtalk, clock: () => clockMs - 3_700_000 });
    expect((await failure(robot.send({ title: 't', text: 'x' }))).platformCode).toBe(310000);
  });

  it('past 20 a minute the robot is throttled for 10 minutes (retryable, retry-after 10 min)', async () => {
    clockMs += 3_600_000;
    const robot = new DingTalkRobot({ url: s.dingtalk.webhook, ...demo.dingtalk, clock });
    for (let i = 0; i < 20; i++) await robot.send({ title: `m${i}`, text: 'x' });
    const e = await failure(robot.send({ title: 'one too many', text: 'x' }));
    expect([e.code, e.permanent, e.retryAfterMs]).toEqual(['MESSENGER_THROTTLED', false, 600_000]);
    clockMs += 61_000; // a minute later: still throttled
    expect((await failure(robot.send({ title: 'still', text: 'x' }))).platformCode).toBe(130101);
    clockMs += 10 * 60_000;
    await robot.send({ title: 'after the pause', text: 'x' });
    expect(s.dingtalk.received.at(-1)!.title).toBe('after the pause');
  });

  it('a robot that is down is retryable, both as 503 and as a reset connection', async () => {
    const robot = new DingTalkRobot({ url: s.dingtalk.webhook, ...demo.dingtalk, clock, timeoutMs: 2000 });
    s.dingtalk.goDown('http503');
    expect(await failure(robot.send({ title: 't', text: 'x' }))).toMatchObject({ code: 'MESSENGER_UNAVAILABLE', permanent: false });
    s.dingtalk.goDown('reset');
    expect(await failure(robot.send({ title: 't', text: 'x' }))).toMatchObject({ code: 'MESSENGER_UNAVAILABLE', permanent: false });
    s.dingtalk.up();
  });
});

describe('WeCom robot and its sandbox', () => {
  it('delivers markdown with <@mobile> mentions', async () => {
    clockMs += 3_600_000;
    await new WeComRobot({ url: s.wecom.webhook, key: demo.wecom.key }).send({ title: '地址相似', text: '订单 SO2', mentionMobiles: ['13900000000'] });
    expect(s.wecom.received.at(-1)).toMatchObject({ msgtype: 'markdown', mentionedMobiles: ['13900000000'] });
  });

  it('a bad key is 93000 and permanent; the 21st message in a minute is 45009 and retryable', async () => {
    const bad = await failure(new WeComRobot({ url: s.wecom.webhook, key: 'nope' }).send({ title: 't', text: 'x' }));
    expect([bad.permanent, bad.platformCode]).toEqual([true, 93000]);
    clockMs += 3_600_000;
    const robot = new WeComRobot({ url: s.wecom.webhook, key: demo.wecom.key });
    for (let i = 0; i < 20; i++) await robot.send({ title: `m${i}`, text: 'x' });
    const e = await failure(robot.send({ title: 't', text: 'x' }));
    expect([e.code, e.permanent, e.platformCode, e.retryAfterMs]).toEqual(['MESSENGER_THROTTLED', false, 45009, 60_000]);
  });

  it('cuts markdown to 4,096 bytes so the robot takes long messages', async () => {
    clockMs += 3_600_000;
    await new WeComRobot({ url: s.wecom.webhook, key: demo.wecom.key }).send({ title: '长消息', text: '订'.repeat(3000) });
    expect(Buffer.byteLength(s.wecom.received.at(-1)!.content)).toBeLessThanOrEqual(4096);
  });
});

describe('SMTP mailer and the sink', () => {
  const base = { host: '127.0.0.1', from: 'oms@seller.example', to: ['purchasing@seller.example'] };
  it('delivers with the demo login and a Chinese subject', async () => {
    const mailer = new SmtpMailer({ ...base, port: s.smtp.port, user: demo.smtp.user, password: demo.smtp.password });
    await mailer.send({ title: '库存不足预警', text: '订单 SO3 缺货', id: 'app:order:3:v2:1' });
    await mailer.close();
    expect(s.smtp.mails.at(-1)).toMatchObject({ from: 'oms@seller.example', to: ['purchasing@seller.example'], subject: '库存不足预警' });
  });

  it('a wrong password is 535 and permanent; a sink that is down is retryable', async () => {
    const bad = new SmtpMailer({ ...base, port: s.smtp.port, user: demo.smtp.user, password: 'wrong' });
    expect(await failure(bad.send({ title: 't', text: 'x' }))).toMatchObject({ permanent: true, platformCode: 535 });
    await bad.close();
    s.smtp.goDown();
    const mailer = new SmtpMailer({ ...base, port: s.smtp.port, user: demo.smtp.user, password: demo.smtp.password });
    expect(await failure(mailer.send({ title: 't', text: 'x' }))).toMatchObject({ code: 'MESSENGER_UNAVAILABLE', permanent: false });
    s.smtp.up();
    await mailer.close();
  });
});

describe('config and credentials', () => {
  it('refuses a robot without a URL, naming the connector', () => {
    expect(() => parseMessengerConfig('ops_dingtalk', 'dingtalk', {})).toThrow(/ops_dingtalk.*"url"/);
    expect(() => parseMessengerConfig('mail', 'smtp', { host: 'h', port: 25, from: 'a@b', to: [] })).toThrow(/"to"/);
  });

  it('reads secrets from the environment, falls back to the demo ones only for sandboxes', () => {
    const env = { STATECRAFT_MESSENGER_OPS_DINGTALK_TOKEN: 't', STATECRAFT_MESSENGER_OPS_DINGTALK_SECRET: 's' };
    expect(messengerCredentials('ops_dingtalk', 'dingtalk', env)).toEqual({ accessToken: 't', secret: 's' });
    expect(messengerCredentials('ops_wecom', 'wecom', {}, { sandbox: true })).toEqual({ key: demo.wecom.key });
    expect(() => messengerCredentials('ops_wecom', 'wecom', {})).toThrow(/STATECRAFT_MESSENGER_OPS_WECOM_KEY/);
  });
});

describe('RobotRateLimit', () => {
  it('spreads 200 messages so that no minute holds more than 20, in order', () => {
    let now = 0;
    const limit = new RobotRateLimit({ limit: 20, windowMs: 60_000, clock: () => now });
    const slots = Array.from({ length: 200 }, () => limit.reserve());
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
    for (const t of slots) expect(slots.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(20);
    expect(slots.filter((t) => t <= 0)).toHaveLength(20);
    expect(Math.max(...slots)).toBe(9 * 60_000);
    now = 5;
    limit.pauseUntil(600_000);
    expect(limit.reserve()).toBeGreaterThanOrEqual(600_000);
  });
});
