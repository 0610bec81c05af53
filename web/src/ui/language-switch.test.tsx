import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { fr } from '../i18n/locales/fr.ts';
import { en } from '../i18n/locales/en.ts';
import { readStoredLanguage } from '../i18n/index.ts';
import { LanguageSwitch } from './language-switch.tsx';

const FRENCH = 'FR — Français';
const ENGLISH = 'EN — English';

function Page() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t('auth.signIn.title')}</h1>
      <LanguageSwitch />
    </main>
  );
}

describe('LanguageSwitch', () => {
  it('starts in French', () => {
    render(<Page />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(fr.auth.signIn.title);
    expect(screen.getByRole('button', { name: FRENCH })).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('switches to English and back in place, without reloading, and remembers the choice', async () => {
    const user = userEvent.setup();
    render(<Page />);
    const heading = screen.getByRole('heading', { level: 1 });

    await user.click(screen.getByRole('button', { name: ENGLISH }));

    // Same element, new text: the page was re-rendered, not reloaded.
    expect(screen.getByRole('heading', { level: 1 })).toBe(heading);
    expect(heading).toHaveTextContent(en.auth.signIn.title);
    expect(screen.getByRole('group', { name: en.language.label })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: ENGLISH })).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.lang).toBe('en');
    expect(readStoredLanguage()).toBe('en');

    await user.click(screen.getByRole('button', { name: FRENCH }));

    expect(heading).toHaveTextContent(fr.auth.signIn.title);
    expect(document.documentElement.lang).toBe('fr');
    expect(readStoredLanguage()).toBe('fr');
  });

  it('is operable with the keyboard', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: ENGLISH })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(en.auth.signIn.title);
  });

  it('names each option starting with its visible label', () => {
    render(<Page />);
    for (const button of screen.getAllByRole('button')) {
      const visible = button.textContent?.slice(0, 2) ?? '';
      expect(visible).toMatch(/^[A-Z]{2}$/);
      expect(button).toHaveAccessibleName(expect.stringMatching(new RegExp(`^${visible} — `)));
    }
    expect(screen.getAllByRole('button').map((button) => button.getAttribute('lang'))).toEqual(['fr', 'en']);
  });
});
