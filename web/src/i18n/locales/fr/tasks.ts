/** French messages of the tasks screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const tasksFr = {
  title: 'tasks',
};
