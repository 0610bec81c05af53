/**
 * The French auth email templates of config.toml, rendered with Go-template variables.
 */
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../config.ts';
import { loadAuthSettings, TEMPLATE_KINDS } from './settings.ts';
import { renderEmail, renderTemplate } from './templates.ts';

const settings = loadAuthSettings({
  config: loadProjectConfig(),
  apiUrl: 'http://127.0.0.1:54321',
  siteUrl: 'http://127.0.0.1:5173',
});

describe('email templates', () => {
  it('substitutes variables and escapes them as html/template would', () => {
    expect(
      renderTemplate('<a href="{{ .ConfirmationURL }}">{{.Data.name}}</a>', {
        ConfirmationURL: 'http://x/verify?a=1&b=2',
        Data: { name: '<Élodie & "Cie">' },
      }),
    ).toBe('<a href="http://x/verify?a=1&amp;b=2">&lt;Élodie &amp; &#34;Cie&#34;&gt;</a>');
    expect(renderTemplate('{{ .Token }} est votre code', { Token: '123456' }, false)).toBe('123456 est votre code');
    expect(renderTemplate('[{{ .Missing }}]', {})).toBe('[]');
  });

  it('every configured template is French, shows the link and the code, and has no leftover variable', () => {
    for (const kind of TEMPLATE_KINDS) {
      const { subject, html } = renderEmail(settings, kind, {
        ConfirmationURL: 'http://127.0.0.1:54321/auth/v1/verify?token=t&type=signup',
        Token: '654321',
        Email: 'camille@example.test',
        NewEmail: 'nouvelle@example.test',
        SiteURL: 'http://127.0.0.1:5173',
        Data: {},
      });
      expect(subject).toContain('Comptoir');
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('href="http://127.0.0.1:54321/auth/v1/verify?token=t&amp;type=signup"');
      expect(html).toContain('654321');
      expect(html).toContain('camille@example.test');
      expect(html).toContain('vous');
      expect(html).not.toMatch(/\{\{|\btu\b|\bton\b|\bta\b/);
    }
  });

  it('uses French typography: no-break space before « : », narrow no-break space before « ; ? ! »', () => {
    for (const kind of TEMPLATE_KINDS) {
      const { html } = renderEmail(settings, kind, {
        ConfirmationURL: 'http://127.0.0.1:54321/auth/v1/verify?token=t&type=signup',
        Token: '654321',
        Email: 'camille@example.test',
        NewEmail: 'nouvelle@example.test',
        SiteURL: 'http://127.0.0.1:5173',
        Data: {},
      });
      const text = [...html.matchAll(/>([^<]*)</g)].map((m) => m[1] ?? '').join('|');
      expect(text, kind).toContain('&nbsp;:');
      // A breakable space (or the wrong no-break space) before high punctuation is a typo.
      expect(text, kind).not.toMatch(/[ \t\r\n][:;?!]/);
      expect(text, kind).not.toMatch(/(&nbsp;|\u00a0)[;?!]|(&#8239;|\u202f):/);
    }
  });
});
