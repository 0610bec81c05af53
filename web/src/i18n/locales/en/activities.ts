/** English messages of the activities screens (same keys as French). */
import type { activitiesFr } from '../fr/activities.ts';

export const activitiesEn: typeof activitiesFr = {
  title: 'activities',
};
