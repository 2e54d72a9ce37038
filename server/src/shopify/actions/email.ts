import nodemailer from 'nodemailer';
import type { ActionTarget, BuiltinResult } from '../../engine/index.js';
import { actionExtension, builtinAction, field, since } from './fields.js';

export interface EmailOptions {
  /** smtp://user:pass@host:port; absent: emails are logged, not sent (local mode). */
  smtpUrl?: string;
  from: string;
  log: (entry: object, message: string) => void;
}

/** "Send internal email" to the shop's staff, through SMTP (nodemailer). */
export function emailAction(options: EmailOptions): ActionTarget {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
  return builtinAction(
    'switchboard',
    actionExtension('send-internal-email', 'Send internal email', 'Emails your staff', [
      field('email', 'to', 'To', true),
      field('single_line_text_field', 'subject', 'Subject', true),
      field('multi_line_text_field', 'body', 'Message', true),
    ]),
    async (properties, ctx): Promise<BuiltinResult> => {
      const started = performance.now();
      try {
        const info = await transport.sendMail({ from: options.from, to: String(properties.to), subject: String(properties.subject), text: String(properties.body) });
        if (!options.smtpUrl) options.log({ shop: ctx.shop.domain, to: properties.to, subject: properties.subject, body: properties.body }, 'internal email (local mode: logged, not sent)');
        return { outcome: { kind: 'succeeded', returnValue: { message_id: info.messageId } }, latencyMs: since(started), responseExcerpt: info.response?.toString().slice(0, 200) };
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        const permanent = e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600;
        const reason = e.responseCode ? `the mail server answered ${e.responseCode}: ${e.message}` : `could not send the email: ${e.message}`;
        return { outcome: permanent ? { kind: 'failed', reason } : { kind: 'retry', reason }, latencyMs: since(started), error: e.message };
      }
    },
  );
}
