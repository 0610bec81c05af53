/**
 * Journey (issue F2): a new user signs up, the onboarding wizard creates their company and
 * invites a teammate; the teammate opens the link from the dev mailbox, creates an account,
 * joins, and sees the company with the role they were given — in French, then in English.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { findInvitationLink, getNavigation, signUpAndConfirm, startInLanguage } from '../fixtures/tenancy.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import { en } from '../../web/src/i18n/locales/en.ts';

const PASSWORD = 'Comptoir2026';

for (const [language, text] of [
  ['fr', fr],
  ['en', en],
] as const) {
  test(`${language}: sign up → onboarding → invite a teammate → the teammate joins with the right role`, async ({
    page,
    browser,
    mailbox,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const owner = createUniqueEmail(`fondateur-${language}`);
    const teammate = createUniqueEmail(`equipier-${language}`);
    const company = language === 'fr' ? 'Garage des Lilas' : 'Lilac Garage';
    const t = text.tenancy;
    await startInLanguage(page, language);

    // Sign up; the confirmation link lands on home, which sends a user without a company to onboarding.
    await page.goto('/');
    await page.getByRole('link', { name: text.auth.signIn.createAccount }).click();
    await signUpAndConfirm(page, mailbox, text, owner, PASSWORD);
    await expect(page).toHaveURL(/\/demarrage$/);
    await expect(page.getByRole('heading', { level: 1, name: t.onboarding.title })).toBeVisible();

    // Step 1: identity, with the SIRET key checked and the VAT number computed from the SIREN.
    await page.getByLabel(t.identity.fields.name, { exact: true }).fill(company);
    await page.getByLabel(t.identity.fields.legalForm).selectOption('SARL');
    const registration = page.getByLabel(`${t.identity.fields.registration} ${t.common.optional}`);
    await registration.fill('91234567500018');
    await expect(page.getByText(t.identity.errors.siretKey)).toBeVisible();
    await registration.fill('91234567500017');
    await expect(page.getByText(t.identity.errors.siretKey)).toBeHidden();
    await page.getByRole('button', { name: t.identity.fields.computeVat }).click();
    await expect(page.getByLabel(t.identity.fields.vatNumber)).toHaveValue('FR65912345675');
    await page.getByLabel(t.identity.fields.postalCode).fill('69003');
    await page.getByLabel(t.identity.fields.city).fill('Lyon');
    await page.getByRole('button', { name: t.onboarding.next }).click();

    // Step 2: the vertical; leaving it creates the company.
    await expect(page.getByRole('heading', { level: 2, name: t.onboarding.vertical.title })).toBeFocused();
    await page.getByRole('radio', { name: new RegExp(`^${t.verticals.garage}`) }).check();
    await page.getByRole('button', { name: t.onboarding.next }).click();

    // Step 3: invite the teammate as a salesperson (the `invitations` edge function emails them).
    await expect(page.getByRole('heading', { level: 2, name: t.onboarding.team.title })).toBeVisible();
    await page.getByLabel(`${t.onboarding.team.email} 1`).fill(teammate);
    await page.getByLabel(`${t.onboarding.team.role} 1`).selectOption('sales');
    await page.getByRole('button', { name: t.onboarding.team.send }).click();
    await expect(page.getByText(t.onboarding.team.sent, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: t.onboarding.next }).click();

    // Steps 4 and 5.
    await expect(page.getByRole('heading', { level: 2, name: t.onboarding.import.title })).toBeVisible();
    await page.getByRole('button', { name: t.onboarding.skip }).click();
    await expect(page.getByRole('heading', { level: 2, name: t.onboarding.done.title })).toBeVisible();
    await page.getByRole('button', { name: t.onboarding.done.goHome }).click();
    await expect(page).toHaveURL(/\/$/);
    const welcome = t.home.welcome.replace('{{tenant}}', company);
    await expect(page.getByRole('heading', { level: 2, name: welcome })).toBeVisible();
    await expect(page.getByText(t.home.role.replace('{{role}}', t.roles.owner))).toBeVisible();
    await expect(page.getByRole('banner').getByText(company)).toBeVisible();

    // The teammate, on their own device, opens the invitation from their mailbox.
    const invitation = await mailbox.waitFor(teammate, (message) => message.tags['kind'] === 'invitation');
    // A fresh browser profile: another person, another device.
    const teammateContext = await browser.newContext({
      ...(baseURL ? { baseURL } : {}),
      locale: language === 'fr' ? 'fr-FR' : 'en-GB',
      timezoneId: 'Europe/Paris',
    });
    const teammatePage = await teammateContext.newPage();
    await startInLanguage(teammatePage, language);
    await teammatePage.goto(findInvitationLink(invitation));
    const joinHeading = t.invitation.heading.replace('{{tenant}}', company);
    await expect(teammatePage.getByRole('heading', { level: 1, name: joinHeading })).toBeVisible();
    // The token is a credential: out of the address bar (history, Referer) as soon as it is read.
    await expect(teammatePage).toHaveURL(/\/invitation$/);
    expect(
      await teammatePage.evaluate(() => document.querySelector('meta[name="referrer"]')?.getAttribute('content')),
    ).toBe('no-referrer');
    await expect(teammatePage.getByText(teammate, { exact: true })).toBeVisible();

    // No account yet: create one; the confirmation link comes back to the invitation.
    await teammatePage.getByRole('link', { name: t.invitation.createAccount }).click();
    await signUpAndConfirm(teammatePage, mailbox, text, teammate, PASSWORD);
    // Back on the invitation (the token travelled in history state, and left the address bar again).
    await expect(teammatePage).toHaveURL(/\/invitation$/);
    await teammatePage.getByRole('button', { name: t.invitation.join.replace('{{tenant}}', company) }).click();

    // Home, in the company, as a salesperson — and a salesperson does not see the settings.
    await expect(teammatePage).toHaveURL(/\/$/);
    await expect(teammatePage.getByRole('heading', { level: 2, name: welcome })).toBeVisible();
    await expect(teammatePage.getByText(t.home.role.replace('{{role}}', t.roles.sales))).toBeVisible();
    const teammateNavigation = getNavigation(teammatePage, text);
    await expect(teammateNavigation.getByRole('link', { name: t.nav.settings })).toHaveCount(0);
    await expect(teammateNavigation.getByRole('link', { name: t.nav.audit })).toHaveCount(0);
    await teammateContext.close();

    // The owner sees the new member and the accepted invitation.
    await getNavigation(page, text).getByRole('link', { name: t.nav.team }).click();
    await expect(page.getByRole('heading', { level: 1, name: t.team.title })).toBeVisible();
    const members = page.getByRole('region', { name: t.team.members });
    const member = members.getByRole('listitem').filter({ hasText: teammate });
    await expect(member.getByText(t.roles.sales, { exact: true })).toBeVisible();
    const invitations = page.getByRole('region', { name: t.invitations.title });
    await expect(
      invitations.getByRole('listitem').filter({ hasText: teammate }).getByText(t.invitations.status.accepted),
    ).toBeVisible();
  });
}
