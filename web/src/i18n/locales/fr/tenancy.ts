/** French messages of the tenancy feature (onboarding, team, invitations, settings, audit, operator). */
export const tenancyFr = {
  switcher: { label: 'Entreprise' },
};
