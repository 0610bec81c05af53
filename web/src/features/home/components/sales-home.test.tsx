/**
 * Home's sales block: shown to the roles that sell (quick actions, today's tasks, hottest
 * opportunities, recent activity — the salesperson's own, the team's for a manager), not to a
 * technician, a member or a client, whose home stays as it was. The blocks themselves belong to
 * their features (tested there): here they are stand-ins that show what they were given.
 */
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import '@web/i18n/index.ts';
import { SalesHome } from './sales-home.tsx';

const tenantState = vi.hoisted(() => ({ role: 'sales' as string }));

vi.mock('@web/features/tenancy/index.ts', () => ({
  useCurrentTenant: () => ({
    tenant: { id: 'tenant-1', name: 'Garage du Centre', role: tenantState.role },
    userId: 'user-1',
  }),
}));
vi.mock('@web/features/pipeline/index.ts', () => ({
  PIPELINE_PATHS: { board: '/pipeline', opportunityNew: '/pipeline/nouvelle' },
  HotOpportunities: ({ limit }: { limit: number }) => <p>hot opportunities ({limit})</p>,
}));
vi.mock('@web/features/tasks/index.ts', () => ({
  TASKS_PATHS: { tasks: '/taches', taskNew: '/taches/nouvelle' },
  MyDayTasks: ({ limit }: { limit: number }) => <p>my day ({limit})</p>,
}));
vi.mock('@web/features/activities/index.ts', () => ({
  QuickCallSheet: () => <p>call sheet</p>,
  RecentActivity: ({ isMineOnly }: { isMineOnly: boolean }) => <p>{isMineOnly ? 'my activity' : 'team activity'}</p>,
}));

function renderAs(role: MatrixRole) {
  tenantState.role = role;
  return render(
    <MemoryRouter>
      <SalesHome />
    </MemoryRouter>,
  );
}

const text = fr.shell.home;

describe('SalesHome', () => {
  it("gives a salesperson the quick actions, today's tasks, the hottest opportunities and their own activity", () => {
    renderAs('sales');
    expect(screen.getByText('call sheet')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: text.quickActions.title })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: text.quickActions.newTask })).toHaveAttribute('href', '/taches/nouvelle');
    expect(screen.getByRole('link', { name: text.quickActions.newOpportunity })).toHaveAttribute(
      'href',
      '/pipeline/nouvelle',
    );
    expect(screen.getByText('my day (5)')).toBeInTheDocument();
    expect(screen.getByText('hot opportunities (5)')).toBeInTheDocument();
    expect(screen.getByText('my activity')).toBeInTheDocument();
  });

  it.each(['owner', 'admin', 'manager'] as const)('gives a %s the team’s activity', (role) => {
    renderAs(role);
    expect(screen.getByText('team activity')).toBeInTheDocument();
    expect(screen.getByText('hot opportunities (5)')).toBeInTheDocument();
  });

  it.each(['technician', 'member', 'client'] as const)('shows a %s nothing of it', (role) => {
    const { container } = renderAs(role);
    expect(container).toBeEmptyDOMElement();
  });
});
