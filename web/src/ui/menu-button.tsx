/**
 * A button that opens a menu (WAI-ARIA menu button pattern): Enter, Space or ↓ open it on the
 * current (or first) item, ↑/↓/Home/End move, Enter/Space choose, Escape closes and returns focus
 * to the button, Tab and a click outside close it. Items are either choices (menuitemradio, one
 * checked) or actions (menuitem, e.g. "create a company").
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { CheckIcon, ChevronDownIcon } from './icons.tsx';

export type MenuItem = {
  readonly id: string;
  readonly label: string;
  /** Second line (e.g. the user's role in that company). */
  readonly description?: string;
  /** Set on choice items: the checked one is the current choice. */
  readonly isChecked?: boolean;
};

export type MenuButtonProps = {
  /** Visible content of the button. */
  readonly children: ReactNode;
  /** Accessible name of the button when its content alone is not enough. */
  readonly buttonLabel?: string;
  /** Name of the menu for screen readers. */
  readonly menuLabel: string;
  readonly items: readonly MenuItem[];
  readonly onSelect: (id: string) => void;
  /** Actions listed under the choices, after a separator. */
  readonly actions?: readonly MenuItem[];
  readonly className?: string;
};

export function MenuButton({
  children,
  buttonLabel,
  menuLabel,
  items,
  onSelect,
  actions = [],
  className,
}: MenuButtonProps) {
  const menuId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const all = [...items, ...actions];

  useEffect(() => {
    if (isOpen) itemRefs.current[activeIndex]?.focus();
  }, [isOpen, activeIndex]);

  useEffect(() => {
    if (!isOpen) return undefined;
    const closeOnOutsideClick = (event: MouseEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener('mousedown', closeOnOutsideClick);
    return () => document.removeEventListener('mousedown', closeOnOutsideClick);
  }, [isOpen]);

  const open = (index?: number) => {
    const checked = items.findIndex((item) => item.isChecked);
    setActiveIndex(index ?? (checked >= 0 ? checked : 0));
    setIsOpen(true);
  };

  const close = (returnFocus: boolean) => {
    setIsOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const choose = (id: string) => {
    close(true);
    onSelect(id);
  };

  const handleButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowUp' ? all.length - 1 : undefined);
    }
  };

  const handleMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = all.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex >= last ? 0 : activeIndex + 1,
      ArrowUp: activeIndex <= 0 ? last : activeIndex - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setActiveIndex(next);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  };

  const renderItem = (item: MenuItem, index: number, isChoice: boolean) => (
    <button
      key={item.id}
      ref={(element) => {
        itemRefs.current[index] = element;
      }}
      type="button"
      role={isChoice ? 'menuitemradio' : 'menuitem'}
      aria-checked={isChoice ? Boolean(item.isChecked) : undefined}
      tabIndex={-1}
      className="menu__item"
      onClick={() => choose(item.id)}
    >
      <span className="menu__check" aria-hidden="true">
        {item.isChecked ? <CheckIcon /> : null}
      </span>
      <span className="menu__text">
        <span className="menu__label">{item.label}</span>
        {item.description ? <span className="menu__description">{item.description}</span> : null}
      </span>
    </button>
  );

  return (
    <div ref={containerRef} className={['menu-button', className].filter(Boolean).join(' ')}>
      <button
        ref={buttonRef}
        type="button"
        className="menu-button__trigger"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        aria-label={buttonLabel}
        onClick={() => (isOpen ? close(false) : open())}
        onKeyDown={handleButtonKeyDown}
      >
        {children}
        <ChevronDownIcon className="menu-button__chevron" />
      </button>
      {isOpen ? (
        <div id={menuId} role="menu" aria-label={menuLabel} className="menu" onKeyDown={handleMenuKeyDown}>
          {items.map((item, index) => renderItem(item, index, true))}
          {actions.length > 0 ? <div role="separator" className="menu__separator" /> : null}
          {actions.map((item, index) => renderItem(item, items.length + index, false))}
        </div>
      ) : null}
    </div>
  );
}
