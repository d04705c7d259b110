import nodemailer, { type Transporter } from 'nodemailer';
import { MessengerError } from './messenger-error.ts';
import type { Messenger, MessengerMessage } from './messenger.ts';

export interface SmtpMailerOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  to: string[];
  timeoutMs?: number;
}

/**
 * E-mail over SMTP (nodemailer). A 4xx reply or a dropped connection is retryable; a 5xx reply
 * (refused login 535, unknown mailbox 550) is permanent.
 *
 * @example await new SmtpMailer({ host: '127.0.0.1', port: 4025, from: 'oms@x', to: ['buyer@x'], user, password }).send({ title, text });
 */
export class SmtpMailer implements Messenger {
  readonly platform = 'smtp' as const;
  private readonly transport: Transporter;
  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // The local sink has no certificate; real servers are verified.
      tls: { rejectUnauthorized: options.host !== '127.0.0.1' && options.host !== 'localhost' },
    });
  }

  async send(message: MessengerMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: this.options.to,
        subject: message.title,
        text: message.text,
        ...(message.id ? { messageId: `<${message.id.replace(/[^A-Za-z0-9._-]/g, '.')}@statecraft>` } : {}),
      });
    } catch (e) {
      const err = e as { responseCode?: number; code?: string; message?: string };
      const reply = err.responseCode;
      if (reply !== undefined && reply >= 500) {
        throw new MessengerError('MESSENGER_REJECTED', `The SMTP server refused the mail (${reply}: ${err.message}): check the SMTP user, password and recipients.`, true, undefined, reply);
      }
      throw new MessengerError('MESSENGER_UNAVAILABLE', `The SMTP server at ${this.options.host}:${this.options.port} did not take the mail (${err.code ?? reply ?? ''} ${err.message}); will retry.`, false, undefined, reply ?? err.code);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
