/**
 * Type filter chips: toggle buttons (aria-pressed), any number pressed; none pressed shows
 * everything. Each is at least 44 px high for thumbs.
 */
import { useTranslation } from 'react-i18next';
import { KIND_KEYS } from '../internal/labels.ts';
import { TIMELINE_FILTERS, type TimelineFilter } from '../internal/timeline.ts';

export function TypeChips({
  selected,
  onChange,
}: {
  readonly selected: ReadonlySet<TimelineFilter>;
  readonly onChange: (next: ReadonlySet<TimelineFilter>) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="chip-row" role="group" aria-label={t('activities.filters.label')}>
      {TIMELINE_FILTERS.map((filter) => {
        const isPressed = selected.has(filter);
        return (
          <button
            key={filter}
            type="button"
            className="chip"
            aria-pressed={isPressed}
            onClick={() => {
              const next = new Set(selected);
              if (isPressed) next.delete(filter);
              else next.add(filter);
              onChange(next);
            }}
          >
            {filter === 'system' ? t('activities.filters.system') : t(KIND_KEYS[filter])}
          </button>
        );
      })}
    </div>
  );
}
