/** French messages of the shell screens (V1). French typography: U+00A0 before « : », U+202F before « ? ! ; ». */
export const shellFr = {
  nav: {
    more: 'Plus',
    scoringSettings: 'Réglages du score',
  },
  home: {
    quickActions: {
      title: 'Actions rapides',
      newTask: 'Nouvelle tâche',
      newOpportunity: 'Nouvelle opportunité',
    },
  },
};
