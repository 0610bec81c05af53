/**
 * The quick note: a text field, and a "Dicter" button where the browser offers speech
 * recognition (dictated words are appended to what is typed). Saved as a `note` activity.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, TextAreaField, useToast } from '@web/ui/index.ts';
import { useDictation } from '../hooks/use-dictation.ts';
import { appendDictation } from '../internal/speech.ts';
import type { ActivityLinks } from './log-activity-dialog.tsx';

export function QuickNote({ links, onDone }: { readonly links: ActivityLinks; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dictation = useDictation(language, (dictated) => setText((current) => appendDictation(current, dictated)));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) {
      setError(t('activities.quick.noteEmpty'));
      return;
    }
    dictation.stop();
    try {
      const { undo } = await createRow('activities', {
        kind: 'note',
        body,
        occurred_at: new Date().toISOString(),
        contact_id: links.contact_id ?? null,
        company_id: links.company_id ?? null,
        opportunity_id: links.opportunity_id ?? null,
      });
      showToast({
        message: t('activities.quick.noteSaved'),
        actionLabel: t('activities.quick.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone = await undo();
          showToast({ message: isUndone ? t('activities.quick.undone') : t('activities.quick.undoTooLate') });
        },
      });
      onDone();
    } catch (caught) {
      setError(translateError(caught));
    }
  };

  return (
    <form className="quick-actions__panel stack" noValidate onSubmit={(event) => void save(event)}>
      <TextAreaField
        label={t('activities.quick.noteLabel')}
        hint={dictation.isSupported ? undefined : t('activities.quick.dictationUnavailable')}
        rows={3}
        maxLength={10_000}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
      />
      {dictation.isListening ? (
        <p role="status" className="quick-actions__listening">
          {t('activities.quick.dictating')}
        </p>
      ) : null}
      {dictation.hasFailed ? <Alert tone="warning">{t('activities.quick.dictationFailed')}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="quick-actions__row">
        {dictation.isSupported ? (
          <Button
            variant="secondary"
            aria-pressed={dictation.isListening}
            onClick={dictation.isListening ? dictation.stop : dictation.start}
          >
            {dictation.isListening ? t('activities.quick.stopDictation') : t('activities.quick.dictate')}
          </Button>
        ) : null}
        <Button type="submit">{t('activities.quick.saveNote')}</Button>
        <Button variant="ghost" onClick={onDone}>
          {t('activities.quick.close')}
        </Button>
      </div>
    </form>
  );
}
