-- Fix: a tenant id is never reused. Audit rows outlive their tenant on purpose (no foreign key),
-- and the audit_log policy shows a tenant's owners and admins every row carrying its id. Since
-- create_tenant takes a client-generated id, anyone who knew a deleted tenant's id — a former
-- member, say — could create a tenant with that id, become its owner and read the deleted
-- tenant's whole history (invited e-mails, members, settings, IP addresses). A tenant may
-- therefore only be created with an id that no audit row mentions. The PWA generates UUIDv7 ids,
-- so a legitimate sign-up never collides. Found by supabase/tests/audit.pg.test.ts.

-- Security definer: the check must see every audit row, whoever creates the tenant.
create function private.guard_tenant_insert() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from public.audit_log a where a.tenant_id = new.id) then
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', 'id'));
  end if;
  return new;
end;
$$;
comment on function private.guard_tenant_insert() is
  'Refuses a tenant whose id already appears in the audit log (the id of a deleted tenant).';

-- Every write path (create_tenant runs as its owner, the service role, the seed), not only API callers.
create trigger tenants_guard_insert before insert on public.tenants
  for each row execute function private.guard_tenant_insert();

revoke all on function private.guard_tenant_insert() from public, anon, authenticated;
grant execute on function private.guard_tenant_insert() to service_role;

-- Fix: the last-owner rule held for one transaction at a time only. Two owners demoting,
-- suspending or removing each other (or both leaving) at the same moment each counted the other
-- as still active, both committed, and the tenant was left without an owner. Every change to an
-- active owner's membership now first locks the tenant row, so such changes run one after the
-- other and the last-owner guard (a later BEFORE trigger: triggers fire in name order) counts
-- owners with the other change committed. FOR NO KEY UPDATE does not block the foreign-key
-- checks of ordinary membership inserts. Found by supabase/tests/escalation.pg.test.ts.

-- Security definer: the caller (a member leaving) may have no UPDATE right on tenants.
create function private.lock_tenant_ownership() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if old.role = 'owner' and old.status = 'active' then
    perform 1 from public.tenants t where t.id = old.tenant_id for no key update;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;
comment on function private.lock_tenant_ownership() is
  'Serialises changes to a tenant''s active owners, so the last-owner rule holds under concurrency.';

-- Named to sort before memberships_guard_change: the lock is taken before the guard counts.
create trigger memberships_claim_tenant_ownership before update or delete on public.memberships
  for each row execute function private.lock_tenant_ownership();

revoke all on function private.lock_tenant_ownership() from public, anon, authenticated;
grant execute on function private.lock_tenant_ownership() to service_role;
