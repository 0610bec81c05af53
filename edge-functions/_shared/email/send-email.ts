/**
 * Email for edge functions: one interface, `sendEmail({to, subject, html, text, tags})`, and two
 * providers chosen by configuration, so callers do not change between a laptop and production:
 * - `RESEND_API_KEY` set → Resend (https://resend.com/docs/api-reference/emails/send-email);
 *   `RESEND_API_BASE_URL` overrides https://api.resend.com (tests point it at a loopback fake);
 * - otherwise → the local dev mailbox (`POST ${SUPABASE_URL}/_dev/mail/api/messages` with the
 *   service role key), so the zero-key local stack shows every email at /_dev/mail.
 * `EMAIL_FROM` sets the sender (default `Comptoir <no-reply@comptoir.app>`).
 *
 * Any provider failure becomes AppError UNAVAILABLE (see provider-http.ts).
 */
import { AppError } from '../../../shared/errors/app-error.ts';
import { createDevMailboxSender } from './dev-mailbox.ts';
import type { SendEmail } from './email-message.ts';
import type { ProviderTransport } from './provider-http.ts';
import { createResendSender } from './resend.ts';

export type { EmailMessage, SendEmail, SentEmail } from './email-message.ts';

export type EmailProvider = 'resend' | 'dev-mailbox' | 'none';

export type EmailSender = {
  readonly provider: EmailProvider;
  readonly sendEmail: SendEmail;
};

export type ReadEnv = (name: string) => string | undefined;

export type EmailSenderOptions = {
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** How long a provider may take before the send counts as failed (default 10 s). */
  readonly timeoutMs?: number;
};

export const DEFAULT_EMAIL_FROM = 'Comptoir <no-reply@comptoir.app>';
export const DEFAULT_RESEND_API_BASE_URL = 'https://api.resend.com';
export const DEFAULT_EMAIL_TIMEOUT_MS = 10_000;

function readSetting(readEnv: ReadEnv, name: string): string | undefined {
  const value = readEnv(name)?.trim();
  return value ? value : undefined;
}

/** Picks the provider from the environment: Resend when its key is set, else the dev mailbox. */
export function createEmailSender(readEnv: ReadEnv, options: EmailSenderOptions = {}): EmailSender {
  const transport: ProviderTransport = {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_EMAIL_TIMEOUT_MS,
    from: readSetting(readEnv, 'EMAIL_FROM') ?? DEFAULT_EMAIL_FROM,
  };
  const resendApiKey = readSetting(readEnv, 'RESEND_API_KEY');
  if (resendApiKey) {
    return {
      provider: 'resend',
      sendEmail: createResendSender({
        ...transport,
        apiKey: resendApiKey,
        baseUrl: readSetting(readEnv, 'RESEND_API_BASE_URL') ?? DEFAULT_RESEND_API_BASE_URL,
      }),
    };
  }
  const supabaseUrl = readSetting(readEnv, 'SUPABASE_URL');
  const serviceRoleKey = readSetting(readEnv, 'SUPABASE_SERVICE_ROLE_KEY');
  if (supabaseUrl && serviceRoleKey) {
    return {
      provider: 'dev-mailbox',
      sendEmail: createDevMailboxSender({ ...transport, supabaseUrl, serviceRoleKey }),
    };
  }
  return {
    provider: 'none',
    sendEmail: () =>
      Promise.reject(
        new AppError('UNAVAILABLE', 'no email provider: set RESEND_API_KEY (or SUPABASE_URL and the service role key)'),
      ),
  };
}
