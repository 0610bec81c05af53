/**
 * i18n: French by default, English complete. The chosen language is remembered in localStorage
 * (per device, works offline) and applied without reloading; `<html lang>` follows it so screen
 * readers and hyphenation switch too. Every user-facing string goes through these messages.
 */
import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { useCallback } from 'react';
import { isAppError } from '@shared/errors/app-error.ts';
import { fr } from './locales/fr.ts';
import { en } from './locales/en.ts';
import './i18next-types.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

/** Formatting locale per UI language; en-GB because our users are European (24 h clock, day first). */
export const LOCALE_BY_LANGUAGE: Readonly<Record<Language, string>> = { fr: 'fr-FR', en: 'en-GB' };
/** Time zone used when the user has not chosen one: Comptoir serves French businesses. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const STORAGE_KEY = 'comptoir.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered language, or French. Storage may be unavailable (private mode): then French. */
export function readStoredLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: readStoredLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  // React escapes; double escaping would show &amp; in labels.
  interpolation: { escapeValue: false },
  // Resources are bundled: initialise synchronously so the first render is already translated.
  initAsync: false,
});

function applyDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

// Another tab switched language: follow it so the tabs never disagree.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY && isLanguage(event.newValue)) void i18n.changeLanguage(event.newValue);
  });
}

/** Switches the UI language at once (no reload) and remembers the choice on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage full or disabled: the switch still applies to this visit.
  }
  await i18n.changeLanguage(language);
}

/** The current UI language, re-rendering on change. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  const current = instance.resolvedLanguage ?? instance.language;
  return isLanguage(current) ? current : DEFAULT_LANGUAGE;
}

/**
 * Translates any thrown value: an AppError carries an i18n key (`userMessage`) and safe details;
 * anything else — or a key this build does not know (a newer server) — becomes the generic message.
 */
export function translateError(t: TFunction, error: unknown): string {
  // Keys from the wire are dynamic strings, checked with `exists` before use.
  const translate = t as unknown as (key: string, options?: Readonly<Record<string, unknown>>) => unknown;
  if (isAppError(error)) {
    const details = error.details ?? {};
    // Details are interpolation values only (`replace`), never i18next options: a server must not
    // set `lng`, `defaultValue` or `returnObjects`. `count` is the exception, and must be passed
    // to `exists` too: a plural key only exists as `key_one`/`key_other`, so without it the
    // message would be reported missing and replaced by the generic one.
    const count = details['count'];
    const options = {
      replace: details,
      ...(typeof count === 'number' && Number.isFinite(count) ? { count } : {}),
      // A key naming a whole subtree (`auth.errors`) then comes back as an object, and is refused.
      returnObjects: true,
    };
    if (i18n.exists(error.userMessage, options)) {
      const text = translate(error.userMessage, options);
      if (typeof text === 'string') return text;
    }
  }
  return String(translate('errors.internal'));
}

/** `translateError` bound to the current language. */
export function useTranslateError(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => translateError(t, error), [t]);
}

/** Formats an ISO timestamp as a full date and time in the given language and time zone. */
export function formatDateTime(iso: string, language: Language, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], {
      dateStyle: 'full',
      timeStyle: 'long',
      timeZone,
    }).format(date);
  } catch {
    // Unknown time zone (bad user preference): fall back to the default rather than showing nothing.
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], {
      dateStyle: 'full',
      timeStyle: 'long',
      timeZone: DEFAULT_TIME_ZONE,
    }).format(date);
  }
}
