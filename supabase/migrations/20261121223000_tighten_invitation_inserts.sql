-- A new invitation starts pending and clean: whatever the caller sends, acceptance and
-- revocation fields start empty, and it expires within 30 days (7 by default). Found by the
-- F2 review: an admin could insert an invitation that looked already accepted or never expired.

create function private.normalise_new_invitation() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if private.is_api_caller() then
    new.accepted_by := null;
    new.accepted_at := null;
    new.revoked_at := null;
    new.created_at := now();
    if new.expires_at > now() + interval '30 days' or new.expires_at <= now() then
      perform private.raise_error('invalid_input', 400, jsonb_build_object('field', 'expires_at'));
    end if;
  end if;
  return new;
end;
$$;
comment on function private.normalise_new_invitation() is
  'New invitations from the API start pending with empty acceptance fields and a 30-day maximum lifetime.';
revoke all on function private.normalise_new_invitation() from public, anon;
grant execute on function private.normalise_new_invitation() to authenticated, service_role;

create trigger invitations_normalise_new before insert on public.invitations
  for each row execute function private.normalise_new_invitation();
