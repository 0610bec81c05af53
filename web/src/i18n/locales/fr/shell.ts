/** French messages of the shell screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const shellFr = {
  title: 'shell',
};
