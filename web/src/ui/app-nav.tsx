/**
 * Main navigation, one landmark for every screen size. Wide screens (≥ 768 px): a sidebar with
 * every section. Phones: a bottom tab bar with the few sections used all day (`tabPaths`) and a
 * "More" tab opening a sheet with the rest (and `moreExtras`, e.g. language and sign-out, which
 * leave the crowded phone header). The current page is marked (aria-current) so screen readers
 * say where the user is; the sheet closes on navigation and with Escape (Dialog).
 */
import { useState, type ReactNode } from 'react';
import { matchPath, NavLink, useLocation } from 'react-router';
import { Dialog } from './dialog.tsx';
import { MenuIcon } from './icons.tsx';
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
  /** Title of the phone sheet that lists the other sections ("Menu"). */
  readonly menuLabel: string;
  /** Every section: the sidebar shows them all; on phones, those without a tab go to the sheet. */
  readonly items: readonly NavItem[];
  /** Items (by `to`) that get a tab on phones, in this order; four at most fit at 360 px. */
  readonly tabPaths?: readonly string[];
  /** The phone tab that opens the sheet ("More"). */
  readonly moreLabel: string;
  /** Shown at the bottom of the phone sheet (e.g. language switch, sign-out). */
  readonly moreExtras?: ReactNode;
};

const MAX_TABS = 4;

function isEndMatch(item: NavItem): boolean {
  return item.isEnd ?? item.to === '/';
}

function isCurrent(item: NavItem, pathname: string): boolean {
  return matchPath({ path: item.to, end: isEndMatch(item) }, pathname) !== null;
}

function NavBadge({ item }: { readonly item: NavItem }) {
  if (!item.badge) return null;
  return (
    <span className="app-nav__badge">
      <span aria-hidden="true">{item.badge}</span>
      <span className="visually-hidden">{item.badgeLabel ?? String(item.badge)}</span>
    </span>
  );
}

function NavItemLink({ item, className }: { readonly item: NavItem; readonly className: string }) {
  return (
    <NavLink
      to={item.to}
      end={isEndMatch(item)}
      className={({ isActive }) => (isActive ? `${className} ${className}--active` : className)}
    >
      {item.icon}
      <span className={`${className}-label`}>{item.label}</span>
      <NavBadge item={item} />
    </NavLink>
  );
}

export function AppNav({ label, menuLabel, items, tabPaths = [], moreLabel, moreExtras }: AppNavProps) {
  const location = useLocation();
  const [isSheetOpen, setIsSheetOpen] = useState(false);
  const tabs = tabPaths
    .map((path) => items.find((item) => item.to === path))
    .filter((item): item is NavItem => item !== undefined)
    .slice(0, MAX_TABS);
  const rest = items.filter((item) => !tabs.includes(item));
  // The "More" tab stands for the page shown when that page has no tab of its own.
  const isMoreCurrent = rest.some((item) => isCurrent(item, location.pathname));
  const restBadge = rest.reduce((sum, item) => sum + (item.badge ?? 0), 0);
  const restBadgeLabel = rest
    .filter((item) => item.badge)
    .map((item) => item.badgeLabel ?? String(item.badge))
    .join(', ');

  // A phone user who picked a page wants to see it, not the sheet.
  const [lastPath, setLastPath] = useState(location.pathname);
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    setIsSheetOpen(false);
  }

  return (
    <nav className="app-nav" aria-label={label}>
      <ul className="app-nav__sidebar">
        {items.map((item) => (
          <li key={item.to}>
            <NavItemLink item={item} className="app-nav__link" />
          </li>
        ))}
      </ul>
      <ul className="tab-bar">
        {tabs.map((item) => (
          <li key={item.to} className="tab-bar__item">
            <NavItemLink item={item} className="tab-bar__link" />
          </li>
        ))}
        <li className="tab-bar__item">
          <button
            type="button"
            className={isMoreCurrent ? 'tab-bar__link tab-bar__link--active' : 'tab-bar__link'}
            aria-haspopup="dialog"
            aria-expanded={isSheetOpen}
            onClick={() => setIsSheetOpen(true)}
          >
            <MenuIcon />
            <span className="tab-bar__link-label">{moreLabel}</span>
            {restBadge > 0 ? (
              <span className="app-nav__badge">
                <span aria-hidden="true">{restBadge}</span>
                <span className="visually-hidden">{restBadgeLabel}</span>
              </span>
            ) : null}
          </button>
        </li>
      </ul>
      <Dialog isOpen={isSheetOpen} title={menuLabel} onClose={() => setIsSheetOpen(false)}>
        <ul className="app-nav__sheet-list">
          {rest.map((item) => (
            <li key={item.to}>
              <NavItemLink item={item} className="app-nav__link" />
            </li>
          ))}
        </ul>
        {moreExtras ? <div className="app-nav__sheet-extras">{moreExtras}</div> : null}
      </Dialog>
    </nav>
  );
}
