/** French messages of the pipeline screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const pipelineFr = {
  title: 'pipeline',
};
