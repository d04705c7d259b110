/**
 * The channel sandboxes in a process of their own (see sandbox-process.ts): the platforms are
 * other machines, so what they spend answering is not the intake's. Commands arrive by IPC.
 */
import { CHANNEL_PLATFORMS } from '@statecraft/connectors';
import { startChannelSandboxes } from '@statecraft/connectors/sandboxes';

let clock = Number(process.argv[2] ?? Date.now());
const channels = await startChannelSandboxes({ ports: { taobao: 0, jd: 0, pdd: 0, wechat_channels: 0, douyin: 0 }, now: () => clock });

type Command = { id: number; type: 'populate'; perShop: number; stepMs: number; status: 'paid' | 'unpaid' } | { id: number; type: 'clock'; at: number } | { id: number; type: 'close' };

process.on('message', async (command: Command) => {
  try {
    if (command.type === 'populate') {
      // Each shop gets an order every `stepMs`, as the bench placed them in its own process before.
      for (let i = 0; i < command.perShop; i++) {
        clock += command.stepMs;
        for (const p of CHANNEL_PLATFORMS) channels.sandboxes[p].shop.create({ status: command.status });
      }
    } else if (command.type === 'clock') {
      clock = command.at;
    } else {
      await channels.close();
      process.send!({ id: command.id, clock }, () => process.exit(0));
      return;
    }
    process.send!({ id: command.id, clock });
  } catch (err) {
    process.send!({ id: command.id, error: (err as Error).stack ?? String(err) });
  }
});
process.send!({ ready: channels.gateways });
