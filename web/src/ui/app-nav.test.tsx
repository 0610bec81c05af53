import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AppNav } from './app-nav.tsx';

const ITEMS = [
  { to: '/', label: 'Accueil' },
  { to: '/equipe', label: 'Équipe' },
  { to: '/parametres', label: 'Paramètres' },
];

function renderNav(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppNav label="Navigation principale" menuLabel="Menu" items={ITEMS} />
      <Routes>
        <Route path="*" element={<main>page</main>} />
      </Routes>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

describe('AppNav', () => {
  it('marks the current page, home only on its own path', () => {
    renderNav('/equipe/invitations');
    const navigation = screen.getByRole('navigation', { name: 'Navigation principale' });
    expect(navigation).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Équipe' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Accueil' })).not.toHaveAttribute('aria-current');
  });

  it('opens and closes the phone menu from the keyboard, and closes it after navigating', async () => {
    const user = renderNav('/');
    const toggle = screen.getByRole('button', { name: /Menu/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    toggle.focus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Escape}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.click(screen.getByRole('link', { name: 'Paramètres' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('link', { name: 'Paramètres' })).toHaveAttribute('aria-current', 'page');
  });

  it('shows a count badge with its spoken label, and none when the count is 0', () => {
    render(
      <MemoryRouter initialEntries={['/']}>
        <AppNav
          label="Navigation principale"
          menuLabel="Menu"
          items={[
            { to: '/a-traiter', label: 'À traiter', badge: 3, badgeLabel: '3 modifications à traiter' },
            { to: '/contacts', label: 'Contacts', badge: 0, badgeLabel: 'rien' },
          ]}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: /À traiter/ })).toHaveTextContent('3 modifications à traiter');
    expect(screen.getByRole('link', { name: 'Contacts' })).not.toHaveTextContent('rien');
  });
});
