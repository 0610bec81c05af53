/**
 * Email for edge functions: one interface, `sendEmail({to, subject, html, text, tags})`, and two
 * providers chosen by configuration, so callers do not change between a laptop and production:
 * - `RESEND_API_KEY` set → Resend (https://resend.com/docs/api-reference/emails/send-email);
 *   `RESEND_API_BASE_URL` overrides https://api.resend.com (tests point it at a loopback fake);
 * - the local dev mailbox (`POST ${SUPABASE_URL}/_dev/mail/api/messages` with the service role
 *   key), so the zero-key local stack shows every email at /_dev/mail — but ONLY when
 *   SUPABASE_URL is a loopback address (127.0.0.0/8, ::1, localhost) or `EMAIL_PROVIDER=dev-mailbox`
 *   says so explicitly. Anywhere else a missing key fails closed: every send is UNAVAILABLE and
 *   the log says to set RESEND_API_KEY, instead of posting invitations to a URL that is not ours.
 * `EMAIL_PROVIDER` (`resend` | `dev-mailbox`) forces a provider; `EMAIL_FROM` sets the sender
 * (default `Comptoir <no-reply@comptoir.app>`).
 *
 * Any provider failure becomes AppError UNAVAILABLE (see provider-http.ts); a timeout is an
 * EmailDeliveryUnknownError (the message may still arrive).
 */
import { AppError } from '../../../shared/errors/app-error.ts';
import { createDevMailboxSender } from './dev-mailbox.ts';
import type { SendEmail } from './email-message.ts';
import type { ProviderTransport } from './provider-http.ts';
import { createResendSender } from './resend.ts';

export type { EmailMessage, SendEmail, SentEmail } from './email-message.ts';
export { isEmailDeliveryUnknown } from './provider-http.ts';

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
  /** Where a configuration problem is reported, once, when the sender is created. */
  readonly log?: (line: string) => void;
};

export const DEFAULT_EMAIL_FROM = 'Comptoir <no-reply@comptoir.app>';
export const DEFAULT_RESEND_API_BASE_URL = 'https://api.resend.com';
export const DEFAULT_EMAIL_TIMEOUT_MS = 10_000;

function readSetting(readEnv: ReadEnv, name: string): string | undefined {
  const value = readEnv(name)?.trim();
  return value ? value : undefined;
}

/** True for a URL whose host is a loopback address: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(value: string | undefined): boolean {
  if (!value) return false;
  let hostname: string;
  try {
    hostname = new URL(value).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]') return true;
  // The WHATWG parser already normalised IPv4 forms (127.1, 0x7f.0.0.1) to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function createUnavailableSender(reason: string, log: (line: string) => void): EmailSender {
  log(`email: ${reason}`);
  return {
    provider: 'none',
    sendEmail: () => Promise.reject(new AppError('UNAVAILABLE', `no email provider: ${reason}`)),
  };
}

/**
 * Picks the provider from the environment (see the module comment): EMAIL_PROVIDER if set, else
 * Resend when its key is set, else the dev mailbox for a loopback SUPABASE_URL, else none.
 */
export function createEmailSender(readEnv: ReadEnv, options: EmailSenderOptions = {}): EmailSender {
  const log = options.log ?? ((line: string) => console.error(line));
  const transport: ProviderTransport = {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_EMAIL_TIMEOUT_MS,
    from: readSetting(readEnv, 'EMAIL_FROM') ?? DEFAULT_EMAIL_FROM,
  };
  const requested = readSetting(readEnv, 'EMAIL_PROVIDER');
  if (requested !== undefined && requested !== 'resend' && requested !== 'dev-mailbox') {
    return createUnavailableSender(`EMAIL_PROVIDER=${requested} is not a provider (resend or dev-mailbox)`, log);
  }
  const resendApiKey = readSetting(readEnv, 'RESEND_API_KEY');
  const supabaseUrl = readSetting(readEnv, 'SUPABASE_URL');
  const useResend = requested === 'resend' || (requested === undefined && resendApiKey !== undefined);
  if (useResend) {
    if (!resendApiKey) return createUnavailableSender('EMAIL_PROVIDER=resend but RESEND_API_KEY is not set', log);
    return {
      provider: 'resend',
      sendEmail: createResendSender({
        ...transport,
        apiKey: resendApiKey,
        baseUrl: readSetting(readEnv, 'RESEND_API_BASE_URL') ?? DEFAULT_RESEND_API_BASE_URL,
      }),
    };
  }
  if (requested !== 'dev-mailbox' && !isLoopbackUrl(supabaseUrl)) {
    return createUnavailableSender(
      'RESEND_API_KEY is not set; the dev mailbox is only used when SUPABASE_URL is a loopback address or EMAIL_PROVIDER=dev-mailbox',
      log,
    );
  }
  const serviceRoleKey = readSetting(readEnv, 'SUPABASE_SERVICE_ROLE_KEY');
  if (!supabaseUrl || !serviceRoleKey) {
    return createUnavailableSender('the dev mailbox needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY', log);
  }
  return {
    provider: 'dev-mailbox',
    sendEmail: createDevMailboxSender({ ...transport, supabaseUrl, serviceRoleKey }),
  };
}
