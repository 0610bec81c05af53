/** French messages of the scoring screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const scoringFr = {
  title: 'scoring',
};
