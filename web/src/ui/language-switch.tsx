/** FR | EN toggle: switches at once, without reload, and is remembered on this device. */
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, useLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switch__option"
          aria-pressed={language === current}
          title={t(`language.${language}`)}
          onClick={() => void changeLanguage(language)}
        >
          {/* Named "FR — Français": the visible code starts the accessible name (WCAG 2.5.3, so
              voice control "click FR" works), and the full name in its own language follows,
              which a lost user recognises. */}
          {`${language.toUpperCase()} `}
          <span className="visually-hidden">— {t(`language.${language}`)}</span>
        </button>
      ))}
    </div>
  );
}
