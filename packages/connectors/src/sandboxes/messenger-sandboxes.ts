import { startDingTalkSandbox, type DingTalkSandbox } from './dingtalk-robot-sandbox.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startWeComSandbox, type WeComSandbox } from './wecom-robot-sandbox.ts';

/** The default ports: the template's messenger connectors point at them. */
export const MESSENGER_SANDBOX_PORTS = { dingtalk: 4020, wecom: 4021, smtp: 4025 } as const;

export interface MessengerSandboxes {
  dingtalk: DingTalkSandbox;
  wecom: WeComSandbox;
  smtp: SmtpSink;
  close(): Promise<void>;
}

/**
 * Starts the DingTalk robot, WeCom robot and SMTP sink sandboxes on 127.0.0.1 with the demo
 * credentials (`npm start` runs them on 4020, 4021 and 4025, where the template's connectors
 * point; tests pass port 0 for random ports).
 *
 * @example
 * const sandboxes = await startMessengerSandboxes();            // 4020, 4021, 4025
 * const t = await startMessengerSandboxes({ dingtalk: 0, wecom: 0, smtp: 0, clock }); // tests
 * await sandboxes.close();
 */
export async function startMessengerSandboxes(options: { dingtalk?: number; wecom?: number; smtp?: number; clock?: () => number } = {}): Promise<MessengerSandboxes> {
  const clock = options.clock ? { clock: options.clock } : {};
  const dingtalk = await startDingTalkSandbox({ port: options.dingtalk ?? MESSENGER_SANDBOX_PORTS.dingtalk, ...clock });
  const wecom = await startWeComSandbox({ port: options.wecom ?? MESSENGER_SANDBOX_PORTS.wecom, ...clock }).catch(async (e) => {
    await dingtalk.close();
    throw e;
  });
  const smtp = await startSmtpSink({ port: options.smtp ?? MESSENGER_SANDBOX_PORTS.smtp }).catch(async (e) => {
    await Promise.all([dingtalk.close(), wecom.close()]);
    throw e;
  });
  return {
    dingtalk,
    wecom,
    smtp,
    close: async () => {
      await Promise.all([dingtalk.close(), wecom.close(), smtp.close()]);
    },
  };
}
