/** French messages of the account feature (profile, MFA, device PIN, inactivity lock, data export). */
export const accountFr = {
  profile: { title: 'Mon profil' },
};
