import { seededRandom } from './sandbox-random.ts';

/**
 * What a sandbox can do wrong on purpose:
 * - `timeout`: holds the request and never answers (the client's time-out fires);
 * - `error5xx`: HTTP 502 with an HTML body, as a gateway in trouble answers;
 * - `throttle`: the platform's own throttling error (TOP code 7, WeChat 45011…);
 * - `repeatPage`: answers a list call with the previous list answer again.
 */
export type SandboxFault = 'timeout' | 'error5xx' | 'throttle' | 'repeatPage';
export const SANDBOX_FAULTS: readonly SandboxFault[] = ['timeout', 'error5xx', 'throttle', 'repeatPage'];

/**
 * Faults on demand: queue exact ones for the next calls, or fail a share of all calls at random
 * (seeded, so a failing test replays).
 *
 * @example sandbox.faults.queue('throttle', 'error5xx'); sandbox.faults.setRate(0.25);
 */
export class SandboxFaults {
  private readonly queued: SandboxFault[] = [];
  private rate = 0;
  private kinds: readonly SandboxFault[] = SANDBOX_FAULTS;
  private random = seededRandom(7);
  /** How many of each were injected. */
  readonly injected: Record<SandboxFault, number> = { timeout: 0, error5xx: 0, throttle: 0, repeatPage: 0 };

  queue(...faults: SandboxFault[]): this {
    this.queued.push(...faults);
    return this;
  }

  /** Fails `rate` (0–1) of the calls with one of `kinds`. */
  setRate(rate: number, kinds: readonly SandboxFault[] = SANDBOX_FAULTS, seed = 7): this {
    this.rate = rate;
    this.kinds = kinds;
    this.random = seededRandom(seed);
    return this;
  }

  clear(): this {
    this.queued.length = 0;
    this.rate = 0;
    return this;
  }

  /** The fault for the next call, if any. */
  next(): SandboxFault | null {
    const fault = this.queued.shift() ?? (this.rate > 0 && this.random() < this.rate ? this.kinds[Math.floor(this.random() * this.kinds.length)]! : null);
    if (fault) this.injected[fault]++;
    return fault;
  }
}
