/**
 * French messages for the error codes our RPCs raise (private.raise_error: message = code,
 * hint = errors.rpc.<code>). Keep in step with supabase/migrations (a test lists the codes).
 * French typography: U+00A0 before « : », U+202F before « ? ! ; ».
 */
export const rpcErrorsFr = {
  not_authenticated: 'Votre session a expiré. Reconnectez-vous.',
  too_many_tenants: 'Vous possédez déjà le nombre maximal d’entreprises (20).',
  invalid_input: 'Une valeur saisie n’est pas valide. Vérifiez le formulaire.',
  unknown_field: 'La demande contient un champ inconnu.',
  not_found: 'L’élément demandé est introuvable ou vous n’y avez pas accès.',
  confirmation_mismatch: 'Le nom saisi ne correspond pas. Rien n’a été supprimé.',
  forbidden: 'Votre rôle ne permet pas cette action.',
  already_member: 'Cette personne fait déjà partie de l’équipe.',
  already_invited: 'Une invitation est déjà en attente pour cette adresse. Renvoyez-la plutôt.',
  invitation_not_found: 'Cette invitation n’existe pas. Demandez un nouveau lien.',
  invitation_used: 'Cette invitation a déjà été acceptée.',
  invitation_revoked: 'Cette invitation a été annulée. Demandez un nouveau lien.',
  invitation_expired: 'Cette invitation a expiré. Demandez un nouveau lien.',
  invitation_email_mismatch:
    'Cette invitation a été envoyée à une autre adresse e-mail. Connectez-vous avec le compte de l’adresse invitée.',
  email_not_confirmed: 'Confirmez d’abord votre adresse e-mail.',
  role_above_own: 'Vous ne pouvez pas attribuer un rôle supérieur au vôtre.',
  cannot_change_owner: 'Seul un propriétaire peut modifier ou retirer un propriétaire.',
  last_owner: 'L’entreprise doit garder au moins un propriétaire. Désignez-en un autre d’abord.',
  mfa_required: 'Cette action nécessite la double authentification. Validez un code de votre application.',
  immutable_field: 'Ce champ ne peut pas être modifié.',
  plan_managed_by_billing: 'L’abonnement se change depuis la facturation.',
  invalid_state: 'Cette opération n’est pas possible dans l’état actuel.',
  invitation_closed: 'Cette invitation n’est plus en attente.',
  audit_log_is_append_only: 'Le journal d’audit ne peut pas être modifié.',
  invitation_email_failed: 'L’e-mail d’invitation n’a pas pu être envoyé. Réessayez dans un instant.',
  invitation_email_unknown:
    'Le service d’e-mail n’a pas répondu à temps\u00a0: l’invitation a peut-être été envoyée. Vérifiez la liste des invitations avant de la renvoyer.',
  too_many_invitations: 'Trop d’invitations envoyées récemment. Réessayez plus tard.',
  not_a_member: 'Vous ne faites plus partie de cette entreprise. Vos modifications non envoyées sont conservées.',
  sync_cursor_invalid: 'La position de synchronisation n’est pas valide. Les données vont être rechargées.',
  sync_batch_invalid: 'Les modifications envoyées pour la synchronisation sont mal formées.',
  sync_batch_too_large: 'Trop de modifications envoyées à la fois. Elles seront envoyées par lots plus petits.',
  client_mismatch: 'Cet appareil est enregistré pour un autre compte ou une autre entreprise. Reconnectez-vous.',
  mutation_gap: 'Des modifications manquent dans la synchronisation. Elles vont être renvoyées.',
  stage_in_use: 'Cette étape contient encore des opportunités. Déplacez-les avant de la supprimer.',
  document_incomplete:
    'Des mentions obligatoires manquent\u00a0: le document ne peut pas être finalisé. Complétez-les puis réessayez.',
  document_finalised:
    'Ce document est finalisé\u00a0: il ne peut plus être modifié ni supprimé. Corrigez-le par un avoir.',
  document_not_finalisable: 'Un devis ne se finalise pas. Transformez-le d’abord en facture.',
  document_log_append_only: 'Le journal d’inaltérabilité ne peut pas être modifié.',
};
