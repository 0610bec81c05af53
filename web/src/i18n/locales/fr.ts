/**
 * French messages — the reference locale: every other locale has exactly these keys
 * (checked by the type of `en.ts` and by locales.test.ts).
 * French typography: non-breaking space (U+00A0) before « : » and narrow one (U+202F) before « ? ! ; ».
 */
import { tenancyFr } from './fr/tenancy.ts';
import { accountFr } from './fr/account.ts';
import { crmFr } from './fr/crm.ts';
import { syncFr } from './fr/sync.ts';
import { pipelineFr } from './fr/pipeline.ts';
import { activitiesFr } from './fr/activities.ts';
import { tasksFr } from './fr/tasks.ts';
import { scoringFr } from './fr/scoring.ts';
import { shellFr } from './fr/shell.ts';
import { rpcErrorsFr } from './fr/rpc-errors.ts';
import { vehiclesFr } from './fr/vehicles.ts';

export const fr = {
  app: {
    name: 'Comptoir',
    skipToContent: 'Aller au contenu',
    loading: 'Chargement…',
    bootError: {
      title: 'Comptoir ne peut pas démarrer',
      body: 'La configuration de l’application n’a pas pu être chargée. Vérifiez votre connexion, puis réessayez.',
      retry: 'Réessayer',
    },
    notFound: {
      title: 'Page introuvable',
      body: 'Cette adresse ne correspond à aucune page de Comptoir.',
      home: 'Retour à l’accueil',
    },
    routeError: {
      title: 'Une erreur est survenue',
      body: 'Cette page n’a pas pu s’afficher. Rechargez-la\u202f; si le problème persiste, contactez le support.',
      reload: 'Recharger la page',
    },
  },
  ui: {
    showPassword: 'Afficher le mot de passe',
    hidePassword: 'Masquer le mot de passe',
    dismiss: 'Fermer',
    newTab: '(nouvel onglet)',
  },
  language: {
    label: 'Langue',
    fr: 'Français',
    en: 'English',
  },
  network: {
    offline:
      'Vous êtes hors ligne. Comptoir reste disponible\u202f; les actions qui nécessitent le serveur reprendront au retour du réseau.',
  },
  update: {
    available: 'Une nouvelle version de Comptoir est disponible.',
    reload: 'Recharger',
    later: 'Plus tard',
  },
  auth: {
    fields: {
      email: 'Adresse e-mail',
      password: 'Mot de passe',
      newPasswordHint: '8\u00a0caractères minimum, avec des lettres et des chiffres.',
    },
    validation: {
      emailRequired: 'Saisissez votre adresse e-mail.',
      emailInvalid: 'Cette adresse e-mail n’est pas valide (exemple\u00a0: nom@entreprise.fr).',
      passwordRequired: 'Saisissez votre mot de passe.',
      passwordTooShort: 'Le mot de passe doit contenir au moins 8\u00a0caractères.',
      passwordLettersDigits: 'Le mot de passe doit contenir des lettres et des chiffres.',
    },
    signIn: {
      title: 'Connexion',
      subtitle: 'Accédez à votre espace Comptoir.',
      submit: 'Se connecter',
      submitting: 'Connexion…',
      noAccount: 'Pas encore de compte\u202f?',
      createAccount: 'Créer un compte',
      magicLink: 'Recevoir un lien de connexion par e-mail',
      sendLinkInstead: 'M’envoyer un lien de connexion',
      accountDeleted: 'Votre compte a été supprimé. Merci d’avoir utilisé Comptoir.',
    },
    signUp: {
      title: 'Créer un compte',
      subtitle: 'Quelques secondes suffisent. Vous confirmerez votre adresse par e-mail.',
      submit: 'Créer mon compte',
      submitting: 'Création du compte…',
      haveAccount: 'Déjà un compte\u202f?',
      signIn: 'Se connecter',
    },
    checkMailbox: {
      title: 'Vérifiez votre boîte mail',
      body: 'Nous avons envoyé un lien de confirmation à <strong>{{email}}</strong>. Ouvrez-le pour activer votre compte.',
      hint: 'Rien reçu\u202f? Regardez dans les indésirables, ou renvoyez l’e-mail. Si vous avez déjà un compte, connectez-vous simplement.',
      resend: 'Renvoyer l’e-mail',
      resending: 'Envoi…',
      resent: 'E-mail renvoyé à <strong>{{email}}</strong>.',
      back: 'Retour à la connexion',
    },
    magicLink: {
      title: 'Connexion par lien',
      subtitle: 'Recevez un lien de connexion à usage unique, sans mot de passe.',
      submit: 'Envoyer le lien',
      submitting: 'Envoi…',
      sentTitle: 'Lien envoyé',
      sentBody:
        'Un lien de connexion a été envoyé à <strong>{{email}}</strong>. Ouvrez-le sur cet appareil pour vous connecter.',
      another: 'Utiliser une autre adresse',
      usePassword: 'Se connecter avec un mot de passe',
    },
    callback: {
      pending: 'Connexion en cours…',
      failedTitle: 'Connexion impossible',
      missing: 'Ce lien de connexion est incomplet. Ouvrez le lien reçu par e-mail, ou demandez-en un nouveau.',
      newLink: 'Demander un nouveau lien',
      backToSignIn: 'Retour à la connexion',
    },
    signOut: {
      submit: 'Se déconnecter',
      submitting: 'Déconnexion…',
    },
    devMailbox: 'Ouvrir la boîte mail de développement',
    errors: {
      invalid_credentials: 'Adresse e-mail ou mot de passe incorrect.',
      email_not_confirmed: 'Votre adresse e-mail n’est pas encore confirmée. Ouvrez le lien reçu par e-mail.',
      user_already_exists: 'Un compte existe déjà avec cette adresse. Connectez-vous.',
      email_exists: 'Un compte existe déjà avec cette adresse. Connectez-vous.',
      weak_password:
        'Ce mot de passe est trop faible\u00a0: 8\u00a0caractères minimum, avec des lettres et des chiffres.',
      over_email_send_rate_limit: 'Trop d’e-mails envoyés. Patientez un instant avant de réessayer.',
      rate_limited_for_one: 'Pour votre sécurité, patientez {{count}}\u00a0seconde avant de réessayer.',
      rate_limited_for_other: 'Pour votre sécurité, patientez {{count}}\u00a0secondes avant de réessayer.',
      over_request_rate_limit: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
      otp_expired: 'Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.',
      otp_disabled: 'Aucun compte n’est associé à cette adresse.',
      signup_disabled: 'Les inscriptions sont fermées pour le moment.',
      email_address_invalid: 'Cette adresse e-mail n’est pas acceptée.',
      validation_failed: 'Vérifiez les informations saisies.',
      user_banned: 'Ce compte est suspendu. Contactez votre administrateur.',
      session_not_found: 'Votre session a expiré. Reconnectez-vous.',
      access_denied: 'Ce lien n’est pas valide. Demandez-en un nouveau.',
      unexpected: 'La connexion a échoué pour une raison inattendue. Réessayez dans un instant.',
      too_many_attempts_one:
        'Trop de tentatives avec le mot de passe. Réessayez dans {{count}}\u00a0minute, ou recevez un lien de connexion par e-mail\u00a0: il fonctionne toujours.',
      too_many_attempts_other:
        'Trop de tentatives avec le mot de passe. Réessayez dans {{count}}\u00a0minutes, ou recevez un lien de connexion par e-mail\u00a0: il fonctionne toujours.',
      mfa_verification_failed:
        'Code incorrect. Vérifiez que l’heure de votre téléphone est juste, puis saisissez le code affiché.',
      mfa_challenge_expired: 'Le délai de vérification est dépassé. Saisissez le code affiché maintenant.',
      mfa_ip_address_mismatch: 'La vérification a été interrompue. Saisissez de nouveau le code affiché.',
      mfa_factor_not_found: 'Cet appareil n’est plus enregistré sur votre compte. Rechargez la page.',
      mfa_factor_name_conflict: 'Un de vos appareils porte déjà ce nom. Choisissez-en un autre.',
      mfa_verification_rejected: 'Trop de codes erronés. Reconnectez-vous, puis réessayez.',
      mfa_totp_enroll_not_enabled: 'La double authentification n’est pas disponible pour le moment.',
      mfa_totp_verify_not_enabled: 'La double authentification n’est pas disponible pour le moment.',
      too_many_enrolled_mfa_factors:
        'Vous avez atteint le nombre maximal d’appareils. Retirez-en un avant d’en ajouter un autre.',
      insufficient_aal: 'Confirmez d’abord avec un code de votre application d’authentification.',
    },
    google: {
      continue: 'Continuer avec Google',
      redirecting: 'Redirection vers Google…',
      separator: 'ou',
    },
  },
  home: {
    title: 'Accueil',
    greeting: 'Bonjour\u202f!',
    intro: 'Vous êtes connecté·e à Comptoir.',
    account: {
      title: 'Votre compte',
      email: 'Adresse e-mail',
      id: 'Identifiant',
      lastSignIn: 'Dernière connexion',
    },
    health: {
      title: 'État du service',
      loading: 'Vérification du service…',
      ok: 'Service opérationnel',
      databaseTime: 'Heure de la base de données',
      role: 'Rôle',
      aal: 'Niveau d’authentification',
      refresh: 'Actualiser',
      refreshing: 'Actualisation…',
      paused: 'Hors ligne\u00a0: la vérification reprendra automatiquement au retour du réseau.',
      reconnecting: 'Reconnexion au serveur…',
      failed: 'Le service n’a pas pu être vérifié.',
      retry: 'Réessayer',
    },
  },
  errors: {
    network: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
    offline: 'Vous êtes hors ligne. Cette action nécessite une connexion.',
    invalidInput: 'Certaines informations ne sont pas valides.',
    unauthenticated: 'Votre session a expiré. Reconnectez-vous.',
    forbidden: 'Vous n’avez pas accès à cette action.',
    notFound: 'L’élément demandé est introuvable.',
    conflict: 'Cet élément a été modifié entre-temps. Rechargez et réessayez.',
    payloadTooLarge: 'Le contenu envoyé est trop volumineux.',
    rateLimited: 'Trop de demandes. Patientez un instant avant de réessayer.',
    internal: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
    unavailable: 'Le service est momentanément indisponible. Réessayez dans un instant.',
    databaseUnavailable: 'La base de données est momentanément indisponible. Réessayez dans un instant.',
    methodNotAllowed: 'Cette opération n’est pas prise en charge.',
    rpc: rpcErrorsFr,
  },
  tenancy: tenancyFr,
  account: accountFr,
  crm: crmFr,
  sync: syncFr,
  pipeline: pipelineFr,
  activities: activitiesFr,
  tasks: tasksFr,
  scoring: scoringFr,
  shell: shellFr,
  vehicles: vehiclesFr,
};

/** The shape every locale implements: same keys as French, any strings. */
export type Messages = typeof fr;
