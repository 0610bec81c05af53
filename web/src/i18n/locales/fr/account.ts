/**
 * French messages of the account feature (profile, MFA, device PIN, inactivity lock, data export).
 * French typography: U+00A0 before « : » and inside « », U+202F before « ? ! ; ».
 */
export const accountFr = {
  profile: {
    title: 'Mon profil',
    intro: 'Vos informations personnelles et la sécurité de votre compte.',
    loading: 'Chargement du profil…',
    loadFailed: 'Votre profil n’a pas pu être chargé.',
    retry: 'Réessayer',
    offline:
      'Vous êtes hors ligne\u00a0: votre profil s’affichera au retour du réseau. Le code PIN et le verrouillage de cet appareil restent disponibles ci-dessous.',
    identityTitle: 'Informations personnelles',
    fields: {
      email: 'Adresse e-mail',
      displayName: 'Nom affiché',
      displayNameHint: 'Tel que vos collègues le verront (exemple\u00a0: Marc Durand).',
      phone: 'Téléphone',
      phoneHint: 'Facultatif. Exemple\u00a0: 06 12 34 56 78, ou +32 470 12 34 56 à l’étranger.',
      language: 'Langue de l’application',
    },
    validation: {
      displayNameTooLong: 'Le nom affiché ne peut pas dépasser 120\u00a0caractères.',
      phoneInvalid:
        'Ce numéro n’est pas reconnu. Exemple\u00a0: 06 12 34 56 78, ou +32 470 12 34 56 pour un numéro étranger.',
    },
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    saved: 'Profil enregistré.',
  },
  export: {
    title: 'Mes données personnelles',
    body: 'Téléchargez tout ce que Comptoir conserve sur vous en tant que personne (compte, profil, entreprises, événements de sécurité), dans un fichier JSON.',
    download: 'Télécharger mes données',
    downloading: 'Préparation du fichier…',
    done: 'Fichier téléchargé\u00a0: {{fileName}}',
    fileName: 'comptoir-mes-donnees-{{date}}.json',
  },
  security: {
    title: 'Sécurité',
    intro: 'Double authentification, verrouillage et code PIN de cet appareil.',
  },
  mfa: {
    title: 'Double authentification',
    intro:
      'En plus de votre mot de passe, un code à 6\u00a0chiffres généré par une application de votre téléphone (Google Authenticator, Microsoft Authenticator, 2FAS, Aegis ou votre gestionnaire de mots de passe).',
    statusOn: 'Activée',
    statusOff: 'Désactivée',
    loadFailed: 'L’état de la double authentification n’a pas pu être chargé.',
    offline: 'Disponible au retour du réseau.',
    devicesLabel: 'Appareils enregistrés',
    deviceAdded: 'Ajouté le {{date}}',
    unnamedDevice: 'Application d’authentification',
    add: 'Activer la double authentification',
    addAnother: 'Ajouter un autre appareil',
    remove: 'Retirer',
    removeLabel: 'Retirer l’appareil «\u00a0{{name}}\u00a0»',
    enrol: {
      title: 'Activer la double authentification',
      nameLabel: 'Nom de l’appareil',
      nameHint: 'Pour le reconnaître plus tard (exemple\u00a0: iPhone de Marc).',
      defaultName: 'Mon téléphone',
      needsCode: 'Pour ajouter un appareil, confirmez d’abord avec le code de votre appareil actuel.',
      start: 'Continuer',
      starting: 'Préparation…',
      scan: '1. Scannez ce QR code avec votre application d’authentification.',
      qrAlt: 'QR code de configuration pour votre application d’authentification',
      cannotScan: 'Impossible de scanner\u202f? Saisissez plutôt cette clé de configuration dans l’application.',
      secretLabel: 'Clé de configuration',
      copy: 'Copier la clé',
      copied: 'Clé copiée.',
      copyFailed: 'Copie impossible\u00a0: sélectionnez la clé et copiez-la à la main.',
      enterCode: '2. Saisissez le code à 6\u00a0chiffres affiché par l’application.',
      verify: 'Activer',
      verifying: 'Vérification…',
      cancel: 'Annuler',
      success: 'Double authentification activée. Votre code vous sera demandé pour les actions sensibles.',
    },
    recovery: {
      title: 'Si vous perdez votre téléphone',
      keepKey:
        'Comptoir ne fournit pas de codes de secours. Conservez la clé de configuration en lieu sûr (gestionnaire de mots de passe, ou papier rangé sous clé)\u00a0: elle permet de réinstaller la double authentification sur un nouveau téléphone.',
      secondDevice: 'Vous pouvez aussi enregistrer un second appareil, tant que vous avez le premier.',
      lostDevice:
        'Sans téléphone ni clé, vous pouvez toujours vous connecter avec votre mot de passe, mais les actions sensibles réservées aux propriétaires et administrateurs vous seront refusées. Un propriétaire de votre entreprise peut vous retirer de l’équipe puis vous réinviter (par exemple avec un autre rôle). Seul l’opérateur de la plateforme Comptoir peut supprimer la double authentification de votre compte, après avoir vérifié votre identité.',
    },
    removeDialog: {
      title: 'Retirer cet appareil\u202f?',
      body: '«\u00a0{{name}}\u00a0» ne pourra plus générer de codes pour votre compte.',
      lastDevice: 'C’est votre seul appareil\u00a0: la double authentification sera désactivée.',
      needsCode: 'Pour confirmer, saisissez le code affiché maintenant par votre application.',
      confirm: 'Retirer l’appareil',
      removing: 'Retrait…',
      cancel: 'Annuler',
      removed: 'Appareil retiré.',
    },
  },
  code: {
    label: 'Code à 6\u00a0chiffres',
    hint: 'Affiché par votre application d’authentification\u202f; il change toutes les 30\u00a0secondes.',
    invalid: 'Saisissez les 6\u00a0chiffres du code.',
  },
  stepUp: {
    title: 'Confirmez avec votre code',
    actionBody:
      'Cette action est sensible\u00a0: votre entreprise exige la double authentification. Saisissez le code affiché par votre application.',
    signInBody:
      '{{tenant}} exige la double authentification pour les propriétaires et administrateurs. Saisissez le code affiché par votre application.',
    deviceLabel: 'Appareil',
    submit: 'Valider',
    submitting: 'Vérification…',
    later: 'Plus tard',
    cancel: 'Annuler',
    continue: 'Continuer',
    retryAction: 'Code validé. Vous pouvez maintenant réessayer votre action.',
    verified: 'Code validé. Les actions sensibles sont maintenant disponibles.',
    loading: 'Chargement de vos appareils…',
    noFactorTitle: 'Double authentification requise',
    noFactorBody:
      'Cette action exige la double authentification, que vous n’avez pas encore activée. Activez-la depuis votre profil (2\u00a0minutes), puis réessayez.',
    enrol: 'Activer depuis mon profil',
  },
  mfaBanner: {
    enrol:
      '{{tenant}} exige la double authentification pour les propriétaires et administrateurs. Activez-la pour effectuer les actions sensibles.',
    enrolAction: 'Activer maintenant',
    verify: 'Les actions sensibles de {{tenant}} demandent votre code de double authentification.',
    verifyAction: 'Saisir le code',
  },
  pin: {
    title: 'Code PIN de cet appareil',
    intro:
      'Pour déverrouiller Comptoir hors ligne (tunnel, zone blanche). Il reste sur cet appareil et n’est jamais envoyé au serveur\u202f; en ligne, c’est votre mot de passe qui déverrouille.',
    statusSet: 'Défini sur cet appareil',
    statusNotSet: 'Aucun code PIN sur cet appareil',
    statusBlocked:
      'Désactivé après 5\u00a0essais erronés. Déverrouillez une fois en ligne (mot de passe ou lien reçu par e-mail) pour le réactiver.',
    pinLabel: 'Nouveau code PIN',
    pinHint: 'De 4 à 8\u00a0chiffres.',
    confirmLabel: 'Confirmez le code PIN',
    digits: 'Le code PIN doit compter de 4 à 8\u00a0chiffres.',
    mismatch: 'Les deux codes PIN ne correspondent pas.',
    set: 'Définir un code PIN',
    change: 'Changer le code PIN',
    save: 'Enregistrer le code PIN',
    saving: 'Enregistrement…',
    saved: 'Code PIN enregistré sur cet appareil.',
    remove: 'Supprimer le code PIN',
    removed: 'Code PIN supprimé de cet appareil.',
    cancel: 'Annuler',
    unsupported: 'Ce navigateur ne permet pas d’enregistrer un code PIN de façon sûre.',
  },
  lock: {
    title: 'Comptoir est verrouillé',
    sectionTitle: 'Verrouillage automatique',
    reason_one: 'Après {{count}}\u00a0minute sans activité, Comptoir se verrouille pour protéger vos données.',
    reason_other: 'Après {{count}}\u00a0minutes sans activité, Comptoir se verrouille pour protéger vos données.',
    manualReason: 'Comptoir a été verrouillé sur cet appareil. Vos données et votre travail en cours sont conservés.',
    signedInAs: 'Compte\u00a0: <strong>{{email}}</strong>',
    password: 'Mot de passe',
    unlock: 'Déverrouiller',
    unlocking: 'Déverrouillage…',
    pin: 'Code PIN de cet appareil',
    pinWrong_one: 'Code PIN incorrect. Encore {{count}}\u00a0essai avant sa désactivation.',
    pinWrong_other: 'Code PIN incorrect. Encore {{count}}\u00a0essais avant sa désactivation.',
    pinBlocked:
      'Code PIN désactivé après 5\u00a0essais erronés. Déverrouillez en ligne (mot de passe ou lien reçu par e-mail) dès que vous aurez du réseau.',
    offlinePin: 'Vous êtes hors ligne\u00a0: déverrouillez avec le code PIN de cet appareil.',
    offlineNoPin:
      'Vous êtes hors ligne et aucun code PIN n’est défini sur cet appareil. Retrouvez du réseau pour déverrouiller en ligne.',
    networkPin: 'Le serveur ne répond pas\u00a0: vous pouvez déverrouiller avec le code PIN de cet appareil.',
    usePin: 'Utiliser le code PIN',
    usePassword: 'Utiliser mon mot de passe',
    or: 'ou',
    sendLink: 'Recevoir un lien de connexion par e-mail',
    sendingLink: 'Envoi du lien…',
    sendLinkAgain: 'Renvoyer le lien',
    linkSent:
      'Lien envoyé à <strong>{{email}}</strong>. Ouvrez-le sur cet appareil\u00a0: Comptoir se déverrouillera et vous retrouverez cette page.',
    notYou: 'Ce n’est pas vous\u202f?',
    signOut: 'Se déconnecter',
    signingOut: 'Déconnexion…',
    lockNow: 'Verrouiller maintenant',
    lockNowHint:
      'Par exemple avant de prêter cet appareil. Vous déverrouillerez avec votre mot de passe, un lien reçu par e-mail ou votre code PIN.',
    timeout_one:
      'Comptoir se verrouille après {{count}}\u00a0minute sans activité (le réglage le plus strict de vos entreprises).',
    timeout_other:
      'Comptoir se verrouille après {{count}}\u00a0minutes sans activité (le réglage le plus strict de vos entreprises).',
  },
  deleteAccount: {
    title: 'Supprimer mon compte',
    intro:
      'Supprime définitivement votre compte, votre profil et vos accès aux entreprises. Une entreprise dont vous êtes le seul propriétaire doit d’abord en avoir un autre.',
    open: 'Supprimer mon compte',
    dialogTitle: 'Supprimer définitivement votre compte\u202f?',
    dialogBody:
      'Votre compte, votre profil et vos accès aux entreprises seront supprimés, et vous serez déconnecté·e. Cette action est irréversible.',
    confirmLabel: 'Votre adresse e-mail',
    confirmHint: 'Pour confirmer, saisissez {{email}}.',
    mismatch: 'Saisissez exactement l’adresse e-mail de votre compte.',
    confirm: 'Supprimer définitivement',
    deleting: 'Suppression…',
    cancel: 'Annuler',
    lastOwnerTitle_one: 'Vous êtes le seul propriétaire d’une entreprise',
    lastOwnerTitle_other: 'Vous êtes le seul propriétaire de {{count}}\u00a0entreprises',
    lastOwnerBody_one:
      'Une entreprise garde toujours un propriétaire. Désignez-en un autre dans son équipe (ou supprimez l’entreprise), puis revenez supprimer votre compte.',
    lastOwnerBody_other:
      'Une entreprise garde toujours un propriétaire. Désignez-en un autre dans chacune de ces équipes (ou supprimez ces entreprises), puis revenez supprimer votre compte.',
    openTeam: 'Ouvrir l’équipe de {{tenant}}',
  },
};
