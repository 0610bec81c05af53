import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AppNav, type NavItem } from './app-nav.tsx';

const ITEMS: NavItem[] = [
  { to: '/', label: 'Accueil' },
  { to: '/pipeline', label: 'Pipeline' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/taches', label: 'Tâches' },
  { to: '/equipe', label: 'Équipe' },
  { to: '/parametres', label: 'Paramètres' },
];

const TABS = ['/', '/pipeline', '/contacts', '/taches'];

function renderNav(path: string, items: readonly NavItem[] = ITEMS) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppNav
        label="Navigation principale"
        menuLabel="Menu"
        moreLabel="Plus"
        items={items}
        tabPaths={TABS}
        moreExtras={<button type="button">Se déconnecter</button>}
      />
      <Routes>
        <Route path="*" element={<main>page</main>} />
      </Routes>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

/** The phone tab bar: the list inside the navigation that holds the "Plus" button. */
function getTabBar() {
  const navigation = screen.getByRole('navigation', { name: 'Navigation principale' });
  const more = within(navigation).getByRole('button', { name: /^Plus/ });
  const list = more.closest('ul');
  if (!list) throw new Error('the "Plus" tab is not in a list');
  return list;
}

/** The wide-screen sidebar: the navigation's other list. */
function getSidebar() {
  const navigation = screen.getByRole('navigation', { name: 'Navigation principale' });
  const sidebar = within(navigation)
    .getAllByRole('list')
    .find((list) => list !== getTabBar());
  if (!sidebar) throw new Error('no sidebar');
  return sidebar;
}

describe('AppNav', () => {
  it('lists every section in the sidebar and marks the current page, home only on its own path', () => {
    renderNav('/equipe/invitations');
    const sidebar = within(getSidebar());
    expect(sidebar.getAllByRole('link').map((link) => link.textContent)).toEqual(ITEMS.map((item) => item.label));
    expect(sidebar.getByRole('link', { name: 'Équipe' })).toHaveAttribute('aria-current', 'page');
    expect(sidebar.getByRole('link', { name: 'Accueil' })).not.toHaveAttribute('aria-current');
  });

  it('gives the phone tab bar the chosen tabs in order, then "Plus"', () => {
    renderNav('/pipeline');
    const tabBar = within(getTabBar());
    expect(tabBar.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Accueil',
      'Pipeline',
      'Contacts',
      'Tâches',
    ]);
    expect(tabBar.getByRole('link', { name: 'Pipeline' })).toHaveAttribute('aria-current', 'page');
    expect(tabBar.getByRole('button', { name: 'Plus' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('opens the "Plus" sheet with the other sections and the extras, closes it with Escape and after navigating', async () => {
    const user = renderNav('/');
    const more = within(getTabBar()).getByRole('button', { name: 'Plus' });

    more.focus();
    await user.keyboard('{Enter}');
    const sheet = screen.getByRole('dialog', { name: 'Menu' });
    expect(more).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(sheet)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Équipe', 'Paramètres']);
    expect(within(sheet).getByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(more).toHaveFocus();

    await user.click(more);
    await user.click(within(screen.getByRole('dialog', { name: 'Menu' })).getByRole('link', { name: 'Paramètres' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(getSidebar()).getByRole('link', { name: 'Paramètres' })).toHaveAttribute('aria-current', 'page');
  });

  it('marks "Plus" as current on a page that has no tab of its own', () => {
    renderNav('/parametres');
    expect(within(getTabBar()).getByRole('button', { name: 'Plus' }).className).toContain('tab-bar__link--active');
  });

  it('skips tabs whose section the role cannot use', () => {
    renderNav(
      '/',
      ITEMS.filter((item) => item.to !== '/pipeline'),
    );
    expect(
      within(getTabBar())
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Accueil', 'Contacts', 'Tâches']);
  });

  it('shows a count badge with its spoken label, and none when the count is 0; "Plus" sums its sections', () => {
    renderNav('/', [
      { to: '/', label: 'Accueil' },
      { to: '/a-traiter', label: 'À traiter', badge: 3, badgeLabel: '3 modifications à traiter' },
      { to: '/contacts', label: 'Contacts', badge: 0, badgeLabel: 'rien' },
    ]);
    const sidebar = within(getSidebar());
    expect(sidebar.getByRole('link', { name: /À traiter/ })).toHaveTextContent('3 modifications à traiter');
    expect(sidebar.getByRole('link', { name: 'Contacts' })).not.toHaveTextContent('rien');
    expect(within(getTabBar()).getByRole('button', { name: /Plus/ })).toHaveTextContent('3 modifications à traiter');
  });
});
