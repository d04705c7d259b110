/** What a notifier sends: a title and a body, in the users' language, with people to mention. */
export interface MessengerMessage {
  title: string;
  /** Plain text or light markdown (bold, lists); robots render it, e-mail sends it as text. */
  text: string;
  /** Mobile numbers to @-mention in DingTalk / WeCom groups. */
  mentionMobiles?: string[];
  /** A stable id for de-duplication on the receiving side (the outbox idempotency key). */
  id?: string;
}

/** A client of one messenger (one robot, one mailbox). */
export interface Messenger {
  readonly platform: 'dingtalk' | 'wecom' | 'smtp';
  send(message: MessengerMessage): Promise<void>;
  close?(): Promise<void>;
}

/** A fetch-like function, so tests and sandboxes can stand in; defaults to the global fetch. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

/** Cuts a UTF-8 string to at most `maxBytes` bytes without splitting a character; marks the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const mark = '…';
  let out = '';
  let used = Buffer.byteLength(mark, 'utf8');
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out + mark;
}
