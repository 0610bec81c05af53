/**
 * Creating a company against the real engine: a look-alike already in the replica (same SIREN,
 * same name without its legal form, same website domain) triggers the duplicate warning with its
 * reasons, a link to the existing record, "merge" and "create anyway"; a new company with nothing
 * in common is written and opened straight away.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { CompanyDetailPage } from './company-detail-page.tsx';
import { CompanyMergePage } from './company-merge-page.tsx';
import { NewCompanyPage } from './new-record-pages.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function renderNewCompany() {
  renderRoutes(
    {
      '/entreprises/nouvelle': <NewCompanyPage />,
      '/entreprises/fusion': <CompanyMergePage />,
      '/entreprises/:id': <CompanyDetailPage />,
    },
    '/entreprises/nouvelle',
  );
  return userEvent.setup();
}

async function findWarning(): Promise<HTMLElement> {
  const title = await screen.findByText(text.duplicates.companyWarningTitle);
  return title.closest('.alert') as HTMLElement;
}

describe('CompanyForm duplicate warning', () => {
  it('flags the same SIREN under another name, links to it, and can create anyway', async () => {
    const existing = await createRow('companies', { name: 'Transports Lefèvre', siren: '732829320' });
    const user = renderNewCompany();
    await user.type(await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.name}`) }), 'TLF Logistique');
    await user.type(screen.getByRole('textbox', { name: text.fields.siren }), '732 829 320');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const panel = await findWarning();
    expect(within(panel).getByText('Transports Lefèvre')).toBeInTheDocument();
    expect(within(panel).getByText(`(${text.duplicates.companyReasons.siren})`)).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: text.duplicates.openExisting })).toHaveAttribute(
      'href',
      `/entreprises/${existing.id}`,
    );
    expect(within(panel).getByRole('button', { name: text.duplicates.merge })).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: text.duplicates.createAnyway }));
    expect(await screen.findByRole('heading', { level: 1, name: 'TLF Logistique' })).toBeInTheDocument();
  });

  it('matches the name without its legal form and the website domain, with both reasons', async () => {
    await createRow('companies', { name: 'SARL Garage Martin', website: 'https://www.garage-martin.fr' });
    const user = renderNewCompany();
    await user.type(await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.name}`) }), 'Garage Martin');
    await user.type(screen.getByRole('textbox', { name: text.fields.website }), 'garage-martin.fr/contact');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const panel = await findWarning();
    expect(within(panel).getByText('SARL Garage Martin')).toBeInTheDocument();
    expect(
      within(panel).getByText(`(${text.duplicates.companyReasons.website}, ${text.duplicates.companyReasons.name})`),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 1, name: 'Garage Martin' })).not.toBeInTheDocument();
  });

  it('flags the same phone and e-mail together (either alone is too weak a sign)', async () => {
    await createRow('companies', { name: 'Boulangerie Petit', phone: '02 40 12 34 56', email: 'contact@fournil.fr' });
    const user = renderNewCompany();
    await user.type(
      await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.name}`) }),
      'Fournil de Nantes',
    );
    await user.type(screen.getByRole('textbox', { name: new RegExp(`^${text.fields.phone}`) }), '+33240123456');
    await user.type(screen.getByRole('textbox', { name: text.fields.email }), 'Contact@Fournil.fr');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const panel = await findWarning();
    expect(within(panel).getByText('Boulangerie Petit')).toBeInTheDocument();
    expect(
      within(panel).getByText(`(${text.duplicates.companyReasons.phone}, ${text.duplicates.companyReasons.email})`),
    ).toBeInTheDocument();
  });

  it('creates a company with nothing in common without any warning', async () => {
    await createRow('companies', { name: 'Transports Lefèvre', siren: '732829320' });
    const user = renderNewCompany();
    await user.type(
      await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.name}`) }),
      'Menuiserie Roux',
    );
    await user.click(screen.getByRole('button', { name: text.common.create }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Menuiserie Roux' })).toBeInTheDocument();
    expect(screen.queryByText(text.duplicates.companyWarningTitle)).not.toBeInTheDocument();
  });

  it('"merge" creates the company and opens the merge screen with both', async () => {
    await createRow('companies', { name: 'Garage Martin', siren: '542065479' });
    const user = renderNewCompany();
    await user.type(
      await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.name}`) }),
      'Garage Martin SAS',
    );
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const panel = await findWarning();
    await user.click(within(panel).getByRole('button', { name: text.duplicates.merge }));
    expect(await screen.findByRole('heading', { level: 1, name: text.merge.companyTitle })).toBeInTheDocument();
    const survivor = await screen.findByRole('group', { name: text.merge.survivor });
    expect(within(survivor).getAllByRole('radio')).toHaveLength(2);
    expect(within(survivor).getAllByRole('radio')[0]).toBeChecked();
  });
});
