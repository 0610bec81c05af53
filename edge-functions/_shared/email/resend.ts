/**
 * Resend provider (https://resend.com/docs/api-reference/emails/send-email):
 * `POST /emails` with `Authorization: Bearer <key>` and JSON `{from, to, subject, html, text,
 * tags}`; success is 200 `{id}`, failure `{statusCode, name, message}` (errors page: 400
 * validation_error, 401 missing_api_key, 403 invalid_api_key, 422 …, 429 rate_limit_exceeded,
 * 5xx). Every failure is UNAVAILABLE for the caller; the logs get Resend's status and error name.
 */
import { type EmailMessage, type SendEmail, type SentEmail, validateEmailMessage } from './email-message.ts';
import {
  createProviderError,
  postJson,
  type ProviderTransport,
  readJsonBody,
  readStringField,
} from './provider-http.ts';

export type ResendSettings = ProviderTransport & {
  readonly apiKey: string;
  /** https://api.resend.com in production; a loopback fake in tests. */
  readonly baseUrl: string;
};

const PROVIDER = 'resend';
const MAX_LOGGED_MESSAGE = 200;

export function createResendSender(settings: ResendSettings): SendEmail {
  const endpoint = `${settings.baseUrl.replace(/\/+$/, '')}/emails`;
  return async (message: EmailMessage): Promise<SentEmail> => {
    const to = validateEmailMessage(message);
    const tags = Object.entries(message.tags ?? {}).map(([name, value]) => ({ name, value }));
    const response = await postJson(settings, PROVIDER, endpoint, { Authorization: `Bearer ${settings.apiKey}` }, {
      from: settings.from,
      to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      ...(tags.length > 0 ? { tags } : {}),
    });
    const body = await readJsonBody(response);
    if (!response.ok) {
      const name = readStringField(body, 'name') ?? 'unknown_error';
      const detail = (readStringField(body, 'message') ?? '').slice(0, MAX_LOGGED_MESSAGE);
      throw createProviderError(PROVIDER, `answered ${response.status} ${name}${detail ? `: ${detail}` : ''}`);
    }
    // A 2xx means Resend accepted the message; an unexpected body does not un-send it.
    return { id: readStringField(body, 'id') ?? '' };
  };
}
