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
          // The full name in its own language: a lost user recognises "English" or "Français".
          aria-label={t(`language.${language}`)}
          title={t(`language.${language}`)}
          onClick={() => void changeLanguage(language)}
        >
          {language.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
