/**
 * Picks a company or a contact from the local replica (the engine's search: accent-insensitive
 * word prefixes; works offline). Shows the choice with "Changer" and "Retirer"; while searching,
 * up to eight matches as buttons under the search box.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '@web/ui/index.ts';

export type PickerChoice = { readonly id: string; readonly label: string };

export type RecordPickerProps = {
  readonly label: string;
  readonly name: string;
  readonly selected: PickerChoice | null;
  readonly search: (query: string) => Promise<PickerChoice[]>;
  readonly onSelect: (choice: PickerChoice | null) => void;
  readonly error?: string | undefined;
};

const MAX_MATCHES = 8;

export function RecordPicker({ label, name, selected, search, onSelect, error }: RecordPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [isSearching, setIsSearching] = useState(selected === null);
  const [matches, setMatches] = useState<PickerChoice[]>([]);
  const trimmed = query.trim();

  useEffect(() => {
    if (trimmed === '') return undefined;
    let isCurrent = true;
    search(trimmed).then(
      (found) => {
        if (isCurrent) setMatches(found.slice(0, MAX_MATCHES));
      },
      (failure: unknown) => console.error('search failed', failure),
    );
    return () => {
      isCurrent = false;
    };
  }, [trimmed, search]);

  if (selected && !isSearching) {
    return (
      <div className="field record-picker">
        <span className="field__label">{label}</span>
        <div className="record-picker__choice">
          <strong>{selected.label}</strong>
          <Button variant="ghost" size="small" name={name} onClick={() => setIsSearching(true)}>
            {t('pipeline.picker.change')}
          </Button>
          <Button variant="ghost" size="small" onClick={() => onSelect(null)}>
            {t('pipeline.picker.remove')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="record-picker">
      <TextField
        label={label}
        name={name}
        type="search"
        autoComplete="off"
        hint={t('pipeline.picker.hint')}
        value={query}
        error={error}
        onChange={(event) => setQuery(event.target.value)}
      />
      {trimmed !== '' ? (
        matches.length > 0 ? (
          <ul className="record-picker__matches" aria-label={t('pipeline.picker.matches', { label })}>
            {matches.map((match) => (
              <li key={match.id}>
                <button
                  type="button"
                  className="record-picker__match"
                  onClick={() => {
                    onSelect(match);
                    setQuery('');
                    setIsSearching(false);
                  }}
                >
                  {match.label}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="field__hint" role="status">
            {t('pipeline.picker.none')}
          </p>
        )
      ) : null}
    </div>
  );
}
