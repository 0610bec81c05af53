/**
 * Main navigation. Wide screens: a sidebar, always visible. Phones: one compact bar ("Menu" and
 * the current page) that opens the list; it closes on navigation and with Escape. The current
 * page is marked (aria-current) so screen readers say where the user is.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { matchPath, NavLink, useLocation } from 'react-router';
import { ChevronDownIcon, MenuIcon } from './icons.tsx';
import './app-nav.css';

export type NavItem = {
  readonly to: string;
  readonly label: string;
  readonly icon?: ReactNode;
  /** Match the path exactly, not its sub-pages (default: only for "/"). */
  readonly isEnd?: boolean;
  /** A count shown beside the label (e.g. items needing attention); hidden when 0 or absent. */
  readonly badge?: number;
  /** What the badge counts, for screen readers ("3 à traiter"). */
  readonly badgeLabel?: string;
};

export type AppNavProps = {
  /** Landmark name ("Main navigation"). */
  readonly label: string;
  /** The phone toggle's text ("Menu"). */
  readonly menuLabel: string;
  readonly items: readonly NavItem[];
};

function isEndMatch(item: NavItem): boolean {
  return item.isEnd ?? item.to === '/';
}

export function AppNav({ label, menuLabel, items }: AppNavProps) {
  const listId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const location = useLocation();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const current = items.find((item) => matchPath({ path: item.to, end: isEndMatch(item) }, location.pathname));

  // A phone user who picked a page wants to see it, not the menu.
  const [lastPath, setLastPath] = useState(location.pathname);
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    setIsOpen(false);
  }

  useEffect(() => {
    if (!isOpen) return undefined;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [isOpen]);

  return (
    <nav className={isOpen ? 'app-nav app-nav--open' : 'app-nav'} aria-label={label}>
      <button
        ref={toggleRef}
        type="button"
        className="app-nav__toggle"
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={() => setIsOpen((open) => !open)}
      >
        <MenuIcon className="app-nav__toggle-icon" />
        <span className="app-nav__toggle-label">{menuLabel}</span>
        {current ? (
          <span className="app-nav__current" aria-hidden="true">
            {current.label}
          </span>
        ) : null}
        <ChevronDownIcon className="app-nav__chevron" />
      </button>
      <ul id={listId} className="app-nav__list">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={isEndMatch(item)}
              className={({ isActive }) => (isActive ? 'app-nav__link app-nav__link--active' : 'app-nav__link')}
            >
              {item.icon}
              <span>{item.label}</span>
              {item.badge ? (
                <span className="app-nav__badge">
                  <span aria-hidden="true">{item.badge}</span>
                  <span className="visually-hidden">{item.badgeLabel ?? String(item.badge)}</span>
                </span>
              ) : null}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
