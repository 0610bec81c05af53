/**
 * Finds a contact, company or opportunity to link a task to: a search field with a list of
 * matches (ARIA combobox: arrow keys move, Enter picks, Escape closes). Contacts and companies
 * come from the replica's search index, opportunities from their titles; all offline.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName } from '@shared/crm/index.ts';
import { searchCompanies, searchContacts, useReplicaQuery } from '@web/lib/db/index.ts';
import type { LinkedRecord } from '../hooks/use-linked-records.ts';
import { LINK_KIND_KEYS } from '../internal/labels.ts';

const PER_KIND = 5;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function useMatches(query: string): readonly LinkedRecord[] {
  const trimmed = query.trim();
  const opportunities = useReplicaQuery<readonly LinkedRecord[]>(
    async (db) => {
      if (trimmed === '') return [];
      const words = fold(trimmed).split(/\s+/);
      const rows = await db.opportunities
        .filter((row) => {
          const title = fold(row.title);
          return words.every((word) => title.includes(word));
        })
        .limit(PER_KIND)
        .toArray();
      return rows.map((row) => ({ table: 'opportunities' as const, id: row.id, label: row.title }));
    },
    [trimmed],
    [],
  );
  const [people, setPeople] = useState<{ query: string; rows: readonly LinkedRecord[] }>({ query: '', rows: [] });
  useEffect(() => {
    if (trimmed === '') return undefined;
    let isCurrent = true;
    Promise.all([searchContacts(trimmed, { limit: PER_KIND }), searchCompanies(trimmed, { limit: PER_KIND })]).then(
      ([contacts, companies]) => {
        if (!isCurrent) return;
        setPeople({
          query: trimmed,
          rows: [
            ...contacts.map((row) => ({ table: 'contacts' as const, id: row.id, label: getContactDisplayName(row) })),
            ...companies.map((row) => ({ table: 'companies' as const, id: row.id, label: row.name })),
          ],
        });
      },
      (error: unknown) => console.error('record search failed', error),
    );
    return () => {
      isCurrent = false;
    };
  }, [trimmed]);
  if (trimmed === '') return [];
  return [...opportunities, ...(people.query === trimmed ? people.rows : [])];
}

export type RecordPickerProps = {
  readonly label: string;
  readonly hint?: string;
  readonly onPick: (record: LinkedRecord) => void;
};

export function RecordPicker({ label, hint, onPick }: RecordPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const [query, setQuery] = useState('');
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMatches(query);
  const isExpanded = isOpen && query.trim() !== '';
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const pick = (record: LinkedRecord) => {
    onPick(record);
    setQuery('');
    setIsOpen(false);
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setIsOpen(true);
      if (matches.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + matches.length) % matches.length);
    } else if (event.key === 'Enter' && isExpanded) {
      const match = matches[activeIndex];
      if (match) {
        event.preventDefault();
        pick(match);
      }
    } else if (event.key === 'Escape' && isExpanded) {
      event.preventDefault();
      setIsOpen(false);
    }
  };

  return (
    <div className="field combobox">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="field__control">
        <input
          id={id}
          className="field__input"
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={isExpanded}
          aria-controls={listId}
          aria-describedby={hint ? hintId : undefined}
          aria-activedescendant={isExpanded && matches[activeIndex] ? `${listId}-${activeIndex}` : undefined}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setIsOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setIsOpen(false)}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={label} className="combobox__list" hidden={!isExpanded}>
        {isExpanded && matches.length === 0 ? (
          <li className="combobox__empty" role="presentation">
            {t('tasks.links.noMatch')}
          </li>
        ) : null}
        {isExpanded
          ? matches.map((match, index) => (
              <li
                key={`${match.table}:${match.id}`}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className={index === activeIndex ? 'combobox__option combobox__option--active' : 'combobox__option'}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(match);
                }}
              >
                <span className="combobox__kind">{t(LINK_KIND_KEYS[match.table])}</span> {match.label}
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
