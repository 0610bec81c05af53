-- Attachments (photos, documents) uploaded by the PWA's attachment queue: content-addressed
-- objects `<tenant_id>/<sha256>` in a private bucket, so a retried upload is idempotent and a
-- blob is stored once per tenant however many rows reference it (docs/sync.md, L15).
-- Staff of the tenant upload and read; the support pseudo-role reads; clients do neither;
-- nobody overwrites or deletes through the API (blobs are immutable; purging is a server job).

insert into storage.buckets (id, name, public, file_size_limit)
values ('attachments', 'attachments', false, 26214400)
on conflict (id) do nothing;

create function private.attachment_tenant_ids(p_for_write boolean) returns setof text
  language sql stable security definer set search_path = ''
as $$
  select r.tenant_id::text from private.my_roles() r
   where r.role <> 'client' and (not p_for_write or r.role <> 'support')
$$;
comment on function private.attachment_tenant_ids(boolean) is
  'Tenants whose attachments the caller may read (staff and support) or upload (staff).';
revoke all on function private.attachment_tenant_ids(boolean) from public, anon;
grant execute on function private.attachment_tenant_ids(boolean) to authenticated, service_role;

create policy "staff can read their tenant's attachments" on storage.objects for select to authenticated
  using (
    bucket_id = 'attachments'
    and (storage.foldername(name))[1] in (select private.attachment_tenant_ids(false))
  );

create policy "staff can upload content-addressed attachments" on storage.objects for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and (storage.foldername(name))[1] in (select private.attachment_tenant_ids(true))
    and array_length(storage.foldername(name), 1) = 1
    and storage.filename(name) ~ '^[0-9a-f]{64}$'
  );
