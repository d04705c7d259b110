import { fork } from 'node:child_process';
import type { ChannelPlatform } from '@statecraft/connectors';

/** The five channel sandboxes running in a child process, driven from the bench. */
export interface SandboxProcess {
  gateways: Record<ChannelPlatform, string>;
  /** Places `perShop` orders in every shop, one every `stepMs` of the sandboxes' clock; resolves with the clock after. */
  populate(perShop: number, stepMs: number, status: 'paid' | 'unpaid'): Promise<number>;
  /** Sets the sandboxes' clock (ms since the epoch). */
  setClock(at: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the channel sandboxes in a process of their own: on a real pull the platforms are other
 * machines, so the CPU they spend answering must not be counted as the intake's (in the bench's
 * own process it was a tenth of the run).
 *
 * @example const shops = await startSandboxProcess(Date.parse('2024-11-11T00:00:00Z')); await shops.populate(4000, 18_000, 'paid');
 */
export async function startSandboxProcess(clock: number): Promise<SandboxProcess> {
  const child = fork(new URL('./sandbox-process.child.ts', import.meta.url), [String(clock)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (clock: number) => void; reject: (err: Error) => void }>();
  const gateways = await new Promise<Record<ChannelPlatform, string>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with ${code} before it was ready`)));
    child.once('message', (m: { ready: Record<ChannelPlatform, string> }) => resolve(m.ready));
  });
  child.removeAllListeners('exit');
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`the sandbox process exited with ${code}`));
    waiting.clear();
  });
  child.on('message', (m: { id: number; clock?: number; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.clock!);
  });
  const send = (command: Record<string, unknown>) =>
    new Promise<number>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ ...command, id });
    });
  return {
    gateways,
    populate: (perShop, stepMs, status) => send({ type: 'populate', perShop, stepMs, status }),
    setClock: async (at) => void (await send({ type: 'clock', at })),
    close: async () => {
      if (child.exitCode === null) await send({ type: 'close' }).catch(() => undefined);
    },
  };
}
