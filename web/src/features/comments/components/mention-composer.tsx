/**
 * The comment text area with @mention autocomplete. Typing "@" and the start of a name opens a
 * list of team members (the combobox keyboard model: ↓/↑ move, Enter or Tab inserts, Escape
 * closes; the text area points at the active option with aria-activedescendant). A picked member
 * is written "@Name" in the text; the ids of the names still present are sent as `mentions`.
 * The team comes from the device's copy when offline.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from '@web/ui/index.ts';
import { filterMentionables, findMentionQuery, insertMention, type Mentionable } from '../internal/mentions.ts';

export type MentionComposerProps = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly members: readonly Mentionable[];
  /** Ctrl+Enter / ⌘+Enter sends. */
  readonly onSubmit: () => void;
  readonly error?: string | undefined;
  readonly autoFocus?: boolean;
};

type Popup = { readonly start: number; readonly query: string };

export function MentionComposer({
  label,
  value,
  onChange,
  members,
  onSubmit,
  error,
  autoFocus = false,
}: MentionComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-mentions`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const [popup, setPopup] = useState<Popup | null>(null);
  const [active, setActive] = useState(0);
  const matches = popup ? filterMentionables(members, popup.query) : [];
  const isOpen = popup !== null && matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const update = (text: string, caret: number) => {
    onChange(text);
    const found = findMentionQuery(text, caret);
    setPopup(found);
    if (found?.query !== popup?.query) setActive(0);
  };

  const pick = (member: Mentionable) => {
    const area = areaRef.current;
    if (!popup || !area) return;
    const caret = area.selectionStart ?? value.length;
    const next = insertMention(value, popup.start, caret, member.name);
    onChange(next.text);
    setPopup(null);
    setActive(0);
    // The caret goes after the inserted name once React has written the new text.
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (isOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + matches.length) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        const member = matches[activeIndex];
        if (member) {
          event.preventDefault();
          pick(member);
        }
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setPopup(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
    }
  };

  return (
    <div className="field mention-composer">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <p className="field__hint" id={hintId}>
        {t('tasks.comments.hint')}
      </p>
      <div className="field__control">
        <textarea
          ref={areaRef}
          id={id}
          name="body"
          className="field__input field__textarea"
          rows={3}
          value={value}
          autoFocus={autoFocus}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={isOpen ? `${listId}-${activeIndex}` : undefined}
          aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => update(event.target.value, event.target.selectionStart ?? event.target.value.length)}
          onKeyDown={onKeyDown}
          onClick={(event) => {
            const area = event.currentTarget;
            setPopup(findMentionQuery(area.value, area.selectionStart ?? area.value.length));
          }}
          onBlur={() => setPopup(null)}
        />
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('tasks.comments.mentionList')}
        className="mention-list"
        hidden={!isOpen}
      >
        {isOpen
          ? matches.map((member, index) => (
              <li
                key={member.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className={
                  index === activeIndex ? 'mention-list__option mention-list__option--active' : 'mention-list__option'
                }
                // mousedown, not click: the text area's blur would close the list first.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(member);
                }}
              >
                {member.name}
              </li>
            ))
          : null}
      </ul>
      {error ? (
        <p className="field__error" id={errorId}>
          <AlertIcon className="alert__icon" />
          {error}
        </p>
      ) : null}
    </div>
  );
}
