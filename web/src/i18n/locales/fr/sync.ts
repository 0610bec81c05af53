/**
 * French messages of the sync engine (namespace `sync`): status bar, "needs attention", errors,
 * rejection reasons and validation rules. Keys are listed in web/src/lib/db/messages.ts.
 * French typography: U+00A0 before « : », U+202F before « ? ! ; ».
 */
export const syncFr = {
  phase: {
    stopped: 'Synchronisation arrêtée',
    initial: 'Première synchronisation…',
    syncing: 'Synchronisation…',
    idle: 'À jour',
    offline: 'Hors ligne',
    error: 'Synchronisation interrompue',
  },
  status: {
    online: 'En ligne',
    offline: 'Hors ligne\u00a0: vos modifications sont enregistrées sur cet appareil.',
    pending_one: '{{count}}\u00a0modification en attente d’envoi',
    pending_other: '{{count}}\u00a0modifications en attente d’envoi',
    rejections_one: '{{count}}\u00a0élément demande votre attention',
    rejections_other: '{{count}}\u00a0éléments demandent votre attention',
    lastSynced: 'Dernière synchronisation\u00a0: {{time}}',
    neverSynced: 'Jamais synchronisé',
    progress: 'Chargement des données\u00a0: {{done}} sur {{total}} ({{percent}}\u00a0%)',
    syncNow: 'Synchroniser maintenant',
  },
  attention: {
    title: 'À traiter',
    intro:
      'Le serveur a refusé ces modifications. Vos données sont conservées\u00a0: corrigez-les et renvoyez-les, ou abandonnez-les.',
    empty: 'Rien à traiter.',
    retry: 'Corriger et renvoyer',
    discard: 'Abandonner',
    discardConfirm: 'Abandonner cette modification\u202f? La version du serveur sera conservée.',
  },
  op: {
    insert: 'Création',
    update: 'Modification',
    delete: 'Suppression',
  },
  undo: {
    action: 'Annuler',
    done: 'Action annulée.',
    expired: 'Il est trop tard pour annuler\u00a0: la modification a déjà été envoyée.',
  },
  errors: {
    offline: 'Pas de connexion. La synchronisation reprendra automatiquement.',
    server: 'Le serveur ne répond pas correctement. Nouvelle tentative dans quelques instants.',
    unexpected: 'La synchronisation a échoué pour une raison inattendue. Nouvelle tentative dans quelques instants.',
    not_a_member:
      'Vous n’avez plus accès à cette entreprise. Vos modifications non envoyées restent dans «\u00a0À traiter\u00a0».',
    client_mismatch: 'Cet appareil n’est pas reconnu pour ce compte. Déconnectez-vous, puis reconnectez-vous.',
    batch_refused: 'Le serveur a refusé l’envoi des modifications. Contactez le support si cela persiste.',
  },
  rejection: {
    invalid: 'Une valeur ne respecte pas les règles.',
    forbidden: 'Votre rôle ne permet pas cette action.',
    not_found: 'Cet élément n’existe plus ou ne vous est plus accessible.',
    deleted: 'Cet élément a été supprimé entre-temps.',
    conflict: 'Un autre élément porte déjà cette valeur.',
    unknown_field: 'Ce champ n’existe pas ou ne peut pas être modifié.',
    not_a_member: 'Vous n’avez plus accès à cette entreprise.',
  },
  validation: {
    unknown_field: 'Ce champ ne peut pas être modifié.',
    email: 'Cette adresse e-mail n’est pas valide (exemple\u00a0: nom@entreprise.fr).',
    phone: 'Ce numéro de téléphone n’est pas valide (exemple\u00a0: 06\u00a012\u00a034\u00a056\u00a078).',
    website: 'Cette adresse de site n’est pas valide (exemple\u00a0: www.entreprise.fr).',
    siren: 'Ce numéro SIREN n’est pas valide (9\u00a0chiffres).',
    siret: 'Ce numéro SIRET n’est pas valide (14\u00a0chiffres).',
    vat_number: 'Ce numéro de TVA n’est pas valide.',
    siret_siren_mismatch: 'Le SIRET doit commencer par le SIREN.',
    name_or_email_required: 'Indiquez au moins un nom ou une adresse e-mail.',
    custom_fields: 'Trop de champs personnalisés (50 au maximum).',
    link_required: 'Rattachez cette activité à un contact, une entreprise ou une opportunité.',
    date: 'Cette date n’est pas valide.',
    mentions_duplicate: 'Cette personne est mentionnée deux fois.',
    too_small: 'Ce champ est obligatoire.',
    too_big: 'Ce texte est trop long.',
    invalid_type: 'Cette valeur n’a pas le bon format.',
    invalid: 'Cette valeur n’est pas valide.',
  },
};
