/** French messages of the activities screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const activitiesFr = {
  title: 'activities',
};
