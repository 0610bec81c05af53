/**
 * Dev mailbox provider: the zero-key default. Posts the message to the local stack's mailbox
 * (supabase/local/gateway/mailbox.ts: `POST /_dev/mail/api/messages`, service role only, JSON
 * `{to, from, subject, html, text, tags}` → 200 with the stored message), where developers and
 * e2e tests read it. On hosted Supabase there is no such route: without RESEND_API_KEY every send
 * fails with UNAVAILABLE, and the log says why.
 */
import { type EmailMessage, type SendEmail, type SentEmail, validateEmailMessage } from './email-message.ts';
import {
  createProviderError,
  postJson,
  type ProviderTransport,
  readJsonBody,
  readStringField,
} from './provider-http.ts';

export type DevMailboxSettings = ProviderTransport & {
  readonly supabaseUrl: string;
  readonly serviceRoleKey: string;
};

const PROVIDER = 'dev mailbox';

export function createDevMailboxSender(settings: DevMailboxSettings): SendEmail {
  const endpoint = `${settings.supabaseUrl.replace(/\/+$/, '')}/_dev/mail/api/messages`;
  return async (message: EmailMessage): Promise<SentEmail> => {
    const to = validateEmailMessage(message);
    const response = await postJson(
      settings,
      PROVIDER,
      endpoint,
      { Authorization: `Bearer ${settings.serviceRoleKey}`, apikey: settings.serviceRoleKey },
      {
        to,
        from: settings.from,
        subject: message.subject,
        html: message.html,
        text: message.text,
        tags: message.tags ?? {},
      },
    );
    const body = await readJsonBody(response);
    if (!response.ok) {
      const hint = response.status === 404 ? ' (no dev mailbox here: set RESEND_API_KEY in production)' : '';
      const code = readStringField(body, 'code') ?? 'unknown_error';
      throw createProviderError(PROVIDER, `answered ${response.status} ${code}${hint}`);
    }
    return { id: readStringField(body, 'id') ?? '' };
  };
}
