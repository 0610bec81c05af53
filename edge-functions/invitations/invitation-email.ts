/**
 * The invitation email, in the tenant's language (fr-FR → French, otherwise English): who
 * invites, to which company, with which role in words, a button and the raw link, when the link
 * expires (in the tenant's locale and time zone), what Comptoir is, and a plain-text twin.
 *
 * Tenant and people names are chosen by whoever created the tenant, so they could be written to
 * phish ("Your bank: confirm your account"): they never appear in the subject or the heading —
 * both generic — only in the body, quoted, attributed to the inviting company, with a line saying
 * Comptoir does not check them. Every interpolated value is HTML-escaped.
 */
import type { TenantRole } from '../../shared/permissions/roles.ts';
import { escapeHtml } from '../_shared/email/escape-html.ts';

export type InvitationEmailInput = {
  /** The tenant's locale (`fr-FR`, `en-GB`). */
  readonly locale: string;
  /** The tenant's IANA time zone, e.g. Europe/Paris. */
  readonly timeZone: string;
  readonly tenantName: string;
  /** Display name (or email) of the person inviting; empty when unknown. */
  readonly inviterName: string;
  readonly role: TenantRole;
  readonly link: string;
  /** ISO 8601. */
  readonly expiresAt: string;
};

export type InvitationEmail = {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
};

type Language = 'fr' | 'en';

const FALLBACK_TIME_ZONE = 'Europe/Paris';
const NBSP = '\u00a0';

/** Role names and what each role does, from docs/roles.md ("In short"). */
const ROLE_WORDS: Readonly<Record<Language, Readonly<Record<TenantRole, { name: string; summary: string }>>>> = {
  fr: {
    owner: {
      name: 'Propriétaire',
      summary: 'tous les droits, y compris l’équipe, l’abonnement et la suppression de l’entreprise',
    },
    admin: { name: 'Administrateur', summary: 'l’équipe, les réglages et toutes les données, sauf les propriétaires' },
    manager: { name: 'Manager', summary: 'toutes les données métier de l’équipe, sans l’administration' },
    sales: { name: 'Commercial', summary: 'ses affaires et ses clients, et la consultation du reste' },
    technician: { name: 'Technicien', summary: 'les projets, tâches et ordres de réparation qui lui sont confiés' },
    member: { name: 'Membre', summary: 'la consultation de ce qui lui est confié' },
    client: { name: 'Client', summary: 'l’accès au portail client, limité à ses propres dossiers' },
  },
  en: {
    owner: { name: 'Owner', summary: 'full access, including the team, billing and deleting the company' },
    admin: { name: 'Administrator', summary: 'the team, settings and all data, except owners' },
    manager: { name: 'Manager', summary: 'all of the team’s business data, without administration' },
    sales: { name: 'Sales', summary: 'their own pipeline and clients, and read access to the rest' },
    technician: { name: 'Technician', summary: 'the projects, tasks and repair orders assigned to them' },
    member: { name: 'Member', summary: 'read access to what is assigned to them' },
    client: { name: 'Client', summary: 'access to the client portal, limited to their own records' },
  },
};

function pickLanguage(locale: string): Language {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Names are shown on one line: control characters (a newline in a name) become spaces. */
function toOneLine(value: string): string {
  // deno-lint-ignore no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** The expiry in the tenant's locale and zone, e.g. « samedi 28 novembre 2026 à 11:00 UTC+1 ». */
export function formatExpiry(expiresAt: string, locale: string, timeZone: string): string {
  const date = new Date(expiresAt);
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  const intlLocale = pickLanguage(locale) === 'fr' ? 'fr-FR' : locale || 'en-GB';
  try {
    return new Intl.DateTimeFormat(intlLocale, { ...options, timeZone }).format(date);
  } catch {
    // An unknown zone or locale in the tenant's settings must not cost the invitation.
    return new Intl.DateTimeFormat(intlLocale === 'fr-FR' ? 'fr-FR' : 'en-GB', {
      ...options,
      timeZone: FALLBACK_TIME_ZONE,
    }).format(date);
  }
}

type Copy = {
  readonly lang: Language;
  readonly subject: string;
  readonly heading: string;
  readonly intro: string;
  readonly roleLabel: string;
  readonly button: string;
  readonly linkHelp: string;
  readonly expiry: string;
  readonly namesNotice: string;
  readonly ignore: string;
  readonly about: string;
};

/** Generic on purpose: attacker-chosen names stay out of what inbox lists show. */
export const INVITATION_SUBJECTS: Readonly<Record<Language, string>> = {
  fr: 'Invitation à rejoindre une entreprise sur Comptoir',
  en: 'Invitation to join a company on Comptoir',
};

function buildCopy(input: InvitationEmailInput): Copy {
  const lang = pickLanguage(input.locale);
  const tenant = toOneLine(input.tenantName);
  const inviter = toOneLine(input.inviterName);
  const expiry = formatExpiry(input.expiresAt, input.locale, input.timeZone);
  if (lang === 'fr') {
    return {
      lang,
      subject: INVITATION_SUBJECTS.fr,
      heading: 'Vous êtes invité·e à rejoindre une entreprise sur Comptoir',
      intro: inviter
        ? `L’entreprise «${NBSP}${tenant}${NBSP}» vous invite à rejoindre son équipe sur Comptoir. Invitation envoyée par${NBSP}: ${inviter}.`
        : `L’entreprise «${NBSP}${tenant}${NBSP}» vous invite à rejoindre son équipe sur Comptoir.`,
      roleLabel: `Votre rôle${NBSP}:`,
      button: 'Accepter l’invitation',
      linkHelp: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
      expiry: `Cette invitation expire le ${expiry}.`,
      namesNotice: 'Le nom de l’entreprise et celui de la personne qui invite sont saisis par cette entreprise' +
        `${NBSP}; Comptoir ne les vérifie pas. Comptoir ne vous demandera jamais de mot de passe ni de paiement par e-mail.`,
      ignore:
        'Si vous ne connaissez pas cette entreprise ou ne vous attendiez pas à cette invitation, ignorez simplement cet e-mail.',
      about:
        'Comptoir est l’application de gestion des petites entreprises françaises, utilisable même hors connexion.',
    };
  }
  return {
    lang,
    subject: INVITATION_SUBJECTS.en,
    heading: 'You are invited to join a company on Comptoir',
    intro: inviter
      ? `The company “${tenant}” invites you to join its team on Comptoir. Invitation sent by: ${inviter}.`
      : `The company “${tenant}” invites you to join its team on Comptoir.`,
    roleLabel: 'Your role:',
    button: 'Accept the invitation',
    linkHelp: 'If the button does not work, copy this link into your browser:',
    expiry: `This invitation expires on ${expiry}.`,
    namesNotice:
      'The company name and the name of the person inviting you are entered by that company; Comptoir does not check them. Comptoir never asks for a password or a payment by email.',
    ignore: 'If you do not know this company or were not expecting this invitation, you can safely ignore this email.',
    about: 'Comptoir is the business app for small French companies, and it works offline too.',
  };
}

/** Subject, HTML and plain text of an invitation email; every value is escaped in the HTML. */
export function buildInvitationEmail(input: InvitationEmailInput): InvitationEmail {
  const copy = buildCopy(input);
  const role = ROLE_WORDS[copy.lang][input.role];
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${copy.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${
    e(copy.subject)
  }</title></head>
<body style="margin:0;padding:0;background:#f5f5f4;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c1917">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f5f5f4;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;background:#ffffff;border-radius:12px;padding:32px">
<tr><td>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${e(copy.heading)}</h1>
<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${e(copy.intro)}</p>
<p style="margin:0 0 24px;font-size:16px;line-height:1.5">${e(copy.roleLabel)} <strong>${e(role.name)}</strong> — ${
    e(role.summary)
  }.</p>
<p style="margin:0 0 24px"><a href="${
    e(input.link)
  }" style="display:inline-block;background:#9a3412;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 24px;border-radius:8px">${
    e(copy.button)
  }</a></p>
<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#57534e">${e(copy.linkHelp)}</p>
<p style="margin:0 0 24px;font-size:14px;line-height:1.5;word-break:break-all"><a href="${
    e(input.link)
  }" style="color:#9a3412">${e(input.link)}</a></p>
<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#57534e">${e(copy.expiry)}</p>
<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#57534e">${e(copy.namesNotice)}</p>
<p style="margin:0 0 24px;font-size:14px;line-height:1.5;color:#57534e">${e(copy.ignore)}</p>
<p style="margin:0;font-size:13px;line-height:1.5;color:#78716c;border-top:1px solid #e7e5e4;padding-top:16px">${
    e(copy.about)
  }</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const text = [
    copy.intro,
    '',
    `${copy.roleLabel} ${role.name} — ${role.summary}.`,
    '',
    `${copy.button}${copy.lang === 'fr' ? `${NBSP}:` : ':'}`,
    input.link,
    '',
    copy.expiry,
    copy.namesNotice,
    copy.ignore,
    '',
    '—',
    copy.about,
    '',
  ].join('\n');
  return { subject: copy.subject, html, text };
}
