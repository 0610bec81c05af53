/**
 * Dev mailbox: every email the product sends locally (auth links, invitations, reports) lands
 * here instead of an SMTP server — the local equivalent of the Supabase CLI's Inbucket/Mailpit.
 * Messages are kept in memory and appended to a JSON-lines file so they survive restarts.
 *
 *   GET    /_dev/mail                      HTML list (newest first)
 *   GET    /_dev/mail/<id>                 HTML view of one message
 *   GET    /_dev/mail/api/messages?to=x    JSON list, optionally filtered by recipient
 *   GET    /_dev/mail/api/messages/<id>    JSON message
 *   POST   /_dev/mail/api/messages         send (service_role JWT) — used by edge functions'
 *                                          zero-key email adapter
 *   DELETE /_dev/mail/api/messages         clear (tests)
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, resolveAuthorization, verifyJwt } from './jwt.ts';
import { HttpReply, header, parseJson, readBody, sendJson } from './http.ts';

export type MailMessage = {
  readonly id: string;
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Free-form labels, e.g. { kind: 'magic_link' } for auth mail. */
  readonly tags: Readonly<Record<string, string>>;
  readonly created_at: string;
};

export type OutgoingMail = {
  to: string | readonly string[];
  from?: string;
  subject: string;
  html?: string;
  text?: string;
  tags?: Record<string, string>;
};

const MAX_MESSAGES = 1000;
export const DEFAULT_FROM = 'Comptoir <no-reply@comptoir.local>';

/** decodeURIComponent that answers undefined instead of throwing on malformed escapes. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlToText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h\d|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export class Mailbox {
  private messages: MailMessage[] = [];
  private readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.messages.push(JSON.parse(line) as MailMessage);
        } catch {
          // A torn last line after a crash is skipped; the rest of the mailbox stays readable.
        }
      }
      this.messages = this.messages.slice(-MAX_MESSAGES);
    }
  }

  send(mail: OutgoingMail): MailMessage {
    const to = (typeof mail.to === 'string' ? [mail.to] : [...mail.to]).map((a) => a.trim().toLowerCase());
    const html = mail.html ?? `<pre>${escapeHtml(mail.text ?? '')}</pre>`;
    const message: MailMessage = {
      id: randomUUID(),
      to,
      from: mail.from ?? DEFAULT_FROM,
      subject: mail.subject,
      html,
      text: mail.text ?? htmlToText(html),
      tags: mail.tags ?? {},
      created_at: new Date().toISOString(),
    };
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) this.messages.shift();
    if (this.file) appendFileSync(this.file, `${JSON.stringify(message)}\n`);
    return message;
  }

  list(to?: string): MailMessage[] {
    const wanted = to?.trim().toLowerCase();
    return this.messages.filter((m) => !wanted || m.to.includes(wanted)).reverse();
  }

  get(id: string): MailMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): void {
    this.messages = [];
    if (this.file) writeFileSync(this.file, '');
  }
}

function renderList(messages: readonly MailMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(new Date(m.created_at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }))}</td>` +
        `<td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/_dev/mail/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Boîte mail de dev — Comptoir</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1c1917}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e7e5e4;padding:.5rem;text-align:left}a{color:#9a3412}</style></head>
<body><h1>Boîte mail de dev</h1><p>Tous les e-mails envoyés localement arrivent ici (${messages.length}).</p>
<table><thead><tr><th>Date</th><th>À</th><th>Objet</th></tr></thead><tbody>${
    rows || '<tr><td colspan="3">Aucun message pour l’instant.</td></tr>'
  }</tbody></table></body></html>`;
}

function renderMessage(m: MailMessage): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}iframe{width:100%;height:70vh;border:1px solid #e7e5e4}</style></head>
<body><p><a href="/_dev/mail">← Tous les messages</a></p><h1>${escapeHtml(m.subject)}</h1>
<p>De : ${escapeHtml(m.from)}<br>À : ${escapeHtml(m.to.join(', '))}</p>
<iframe sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(m.html)}"></iframe>
</body></html>`;
}

/** Serves /_dev/mail; returns false when the path is not the mailbox's. */
export async function handleMailbox(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  mailbox: Mailbox,
  jwtSecret: string,
): Promise<boolean> {
  const p = url.pathname.replace(/\/+$/, '');
  if (p !== '/_dev/mail' && !p.startsWith('/_dev/mail/')) return false;
  const method = req.method ?? 'GET';
  if (p === '/_dev/mail/api/messages') {
    if (method === 'GET') {
      sendJson(res, 200, mailbox.list(url.searchParams.get('to') ?? undefined));
      return true;
    }
    if (method === 'DELETE') {
      mailbox.clear();
      sendJson(res, 200, {});
      return true;
    }
    if (method === 'POST') {
      const token = bearerToken(resolveAuthorization(header(req, 'authorization'), header(req, 'apikey')));
      const verified = token ? verifyJwt(token, jwtSecret) : undefined;
      if (!verified?.ok || verified.claims.role !== 'service_role') {
        throw new HttpReply(401, {
          code: 'unauthorized',
          message: 'The dev mailbox accepts mail from the service role only.',
        });
      }
      const parsed = parseJson(await readBody(req, 5 * 1024 * 1024));
      const body = parsed.ok ? parsed.value : undefined;
      if (body === null || typeof body !== 'object') {
        throw new HttpReply(400, {
          code: 'validation_failed',
          message: 'Expected a JSON object {to, subject, html|text}.',
        });
      }
      const b = body as Record<string, unknown>;
      const to = b['to'];
      const toList =
        typeof to === 'string' ? [to] : Array.isArray(to) ? to.filter((t): t is string => typeof t === 'string') : [];
      if (
        toList.length === 0 ||
        typeof b['subject'] !== 'string' ||
        (typeof b['html'] !== 'string' && typeof b['text'] !== 'string')
      ) {
        throw new HttpReply(400, {
          code: 'validation_failed',
          message: 'Expected a JSON object {to, subject, html|text}.',
        });
      }
      const mail: OutgoingMail = { to: toList, subject: b['subject'] };
      if (typeof b['from'] === 'string') mail.from = b['from'];
      if (typeof b['html'] === 'string') mail.html = b['html'];
      if (typeof b['text'] === 'string') mail.text = b['text'];
      if (b['tags'] !== null && typeof b['tags'] === 'object') {
        mail.tags = Object.fromEntries(
          Object.entries(b['tags'] as Record<string, unknown>).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          ),
        );
      }
      sendJson(res, 200, mailbox.send(mail));
      return true;
    }
    throw new HttpReply(405, { code: 'method_not_allowed', message: `Method ${method} not allowed` });
  }
  if (method !== 'GET' && method !== 'HEAD') {
    throw new HttpReply(405, { code: 'method_not_allowed', message: `Method ${method} not allowed` });
  }
  if (p.startsWith('/_dev/mail/api/messages/')) {
    const id = decodeSegment(p.slice('/_dev/mail/api/messages/'.length));
    const m = id === undefined ? undefined : mailbox.get(id);
    if (!m) throw new HttpReply(404, { code: 'not_found', message: 'Message not found' });
    sendJson(res, 200, m);
    return true;
  }
  const html =
    p === '/_dev/mail'
      ? renderList(mailbox.list())
      : (() => {
          const id = decodeSegment(p.slice('/_dev/mail/'.length));
          const m = id === undefined ? undefined : mailbox.get(id);
          if (!m) throw new HttpReply(404, { code: 'not_found', message: 'Message not found' });
          return renderMessage(m);
        })();
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src * data:",
  });
  res.end(html);
  return true;
}
