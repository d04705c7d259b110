import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DEMO_MESSENGER_CREDENTIALS } from '../messengers/messenger-credentials.ts';

export interface SinkMail {
  from: string;
  to: string[];
  subject: string;
  /** The whole message as received (headers and body). */
  raw: string;
}

export interface SmtpSinkOptions {
  port?: number;
  user?: string;
  password?: string;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  if (!m) return '';
  const value = m[1]!.replace(/\r?\n[ \t]+/g, ' ').trim();
  // RFC 2047 encoded words, as nodemailer writes Chinese subjects.
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_all, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  ).replace(/\?=\s+=\?/g, '');
}

/**
 * A local SMTP server that takes mail for the demo and the tests: it requires the demo login
 * (535 otherwise), keeps every message, and can be told to go down (421 to every connection).
 *
 * @example
 * const sink = await startSmtpSink({ port: 0 });
 * // … SmtpMailer({ host: '127.0.0.1', port: sink.port, user: 'oms', password: DEMO… })
 * sink.mails[0].subject; await sink.close();
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const sink = new SmtpSink(options);
  await sink.listen(options.port ?? 4025);
  return sink;
}

export class SmtpSink {
  readonly mails: SinkMail[] = [];
  readonly refusedLogins: string[] = [];
  port = 0;
  private down = false;
  private readonly server: SMTPServer;

  constructor(options: SmtpSinkOptions) {
    const user = options.user ?? DEMO_MESSENGER_CREDENTIALS.smtp.user;
    const password = options.password ?? DEMO_MESSENGER_CREDENTIALS.smtp.password;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      logger: false,
      onConnect: (_session, callback) => {
        if (!this.down) return callback();
        const err = Object.assign(new Error('Service not available (sandbox down)'), { responseCode: 421 });
        callback(err);
      },
      onAuth: (auth, _session, callback) => {
        if (auth.username === user && auth.password === password) return callback(null, { user: auth.username });
        this.refusedLogins.push(auth.username ?? '');
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header(raw, 'Subject'),
            raw,
          });
          callback();
        });
      },
    });
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  goDown(): void {
    this.down = true;
  }

  up(): void {
    this.down = false;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
