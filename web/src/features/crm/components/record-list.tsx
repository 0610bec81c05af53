/**
 * A virtualised list of records (only the rows on screen are in the DOM, so 100,000 contacts
 * scroll smoothly): table-like rows under column headers on wide screens, cards on phones. Rows
 * are links, so keyboard and screen-reader users open a record like any link. While the first sync
 * runs and nothing has arrived yet, placeholder rows and the progress stand in for the list.
 */
import { useMediaQuery, WIDE_SCREEN } from '@web/ui/index.ts';
import { useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';

export type RecordColumn<T> = {
  readonly key: string;
  readonly header: string;
  readonly render: (row: T) => ReactNode;
  /** Relative width of the column (CSS grid `fr`), default 1. */
  readonly width?: number;
};

export type RecordListProps<T extends { readonly id: string }> = {
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly RecordColumn<T>[];
  readonly hrefOf: (row: T) => string;
  /** The card of a row on phones. */
  readonly renderCard: (row: T) => ReactNode;
};

const TABLE_ROW_HEIGHT = 52;
/** Assumed viewport before layout, and when the browser reports none (a DOM without layout). */
const FALLBACK_RECT = { width: 1024, height: 720 };

/** Measures the scroll box; a zero height (no layout yet) counts as a screenful, not as nothing. */
function observeScrollRect(
  instance: Virtualizer<HTMLDivElement, Element>,
  callback: (rect: { width: number; height: number }) => void,
) {
  return observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : FALLBACK_RECT));
}
const CARD_HEIGHT = 96;

export function RecordList<T extends { readonly id: string }>({
  label,
  rows,
  columns,
  hrefOf,
  renderCard,
}: RecordListProps<T>) {
  const isWide = useMediaQuery(WIDE_SCREEN);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer re-renders this component on scroll itself; nothing memoised reads it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (isWide ? TABLE_ROW_HEIGHT : CARD_HEIGHT),
    overscan: 8,
    initialRect: FALLBACK_RECT,
    observeElementRect: observeScrollRect,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const template = columns.map((column) => `minmax(0, ${column.width ?? 1}fr)`).join(' ');

  // A list of links, not an ARIA grid: a row is one thing to open, and a link inside a row of
  // cells is not valid table markup. Column headers are visual only; each link reads its values.
  return (
    <div className={isWide ? 'record-list record-list--table' : 'record-list record-list--cards'}>
      {isWide ? (
        <div
          className="record-list__row record-list__head"
          style={{ gridTemplateColumns: template }}
          aria-hidden="true"
        >
          {columns.map((column) => (
            <span key={column.key} className="record-list__header">
              {column.header}
            </span>
          ))}
        </div>
      ) : null}
      <div ref={scrollRef} className="record-list__scroll">
        <ul className="record-list__spacer" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <li
                key={item.key}
                className="record-list__item"
                aria-setsize={rows.length}
                aria-posinset={item.index + 1}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {isWide ? (
                  <Link to={hrefOf(row)} className="record-list__row" style={{ gridTemplateColumns: template }}>
                    {columns.map((column) => (
                      <span key={column.key} className="record-list__cell">
                        {column.render(row)}
                      </span>
                    ))}
                  </Link>
                ) : (
                  <Link to={hrefOf(row)} className="record-card">
                    {renderCard(row)}
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

/** Placeholder rows while the first sync fills the replica. */
export function RecordListSkeleton({ label, children }: { readonly label: string; readonly children?: ReactNode }) {
  return (
    <div className="record-list record-list--loading" aria-busy="true" aria-label={label} role="group">
      {children}
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="record-list__placeholder" aria-hidden="true" />
      ))}
    </div>
  );
}
