-- V3 invoicing, database layer: sales documents (quotes, invoices, credit notes, deposit invoices)
-- and their lines, synced through the F3 engine (docs/sync.md, registry positions 11 and 12);
-- finalisation on the server (public.finalise_document): mandatory mentions, totals, gapless
-- numbering, frozen row, hash-chained inalterability log (private.document_log).
--
-- The rules are the pure core's (shared/invoicing): totals.ts (integer cents, VAT once per rate,
-- half-up) is re-implemented in private.compute_document_totals and compared with it on random
-- documents (supabase/tests/invoicing-totals.pg.test.ts); mentions.ts's codes and field paths are
-- what private.check_document_mentions answers; hash-chain.ts's canonical JSON and chaining are
-- private.canonical_json and private.chain_hash, so an export of the log verifies with verifyChain.
--
-- Trigger order (BEFORE triggers fire in name order):
--   <table>_a_guard     BEFORE, invoker: a finalised document and its lines never change (but the
--                       payment columns) and are never deleted — for every caller, API roles,
--                       sync_push (which runs as the caller) and trusted paths alike. It fires before
--                       the stamps, on the row as the writer sent it, so nothing a stamp rewrites
--                       (the tombstone's `new := old`) can hide a change;
--   <table>_b_stamp     BEFORE, invoker: server columns API callers cannot forge;
--   <table>_z_stamp_sync_row  the common sync stamps;
--   <table>_check_*     AFTER: same-tenant links the caller can read.

-- A discount as shared/invoicing discountSchema: {kind: percent, basis_points 0..10000} or
-- {kind: amount, cents >= 0}; NULL is no discount.
create function private.is_valid_discount(p_discount jsonb) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_discount is null or case p_discount ->> 'kind'
    when 'percent' then jsonb_typeof(p_discount -> 'basis_points') = 'number'
      and (p_discount ->> 'basis_points')::numeric between 0 and 10000
      and (p_discount ->> 'basis_points')::numeric = trunc((p_discount ->> 'basis_points')::numeric)
    when 'amount' then jsonb_typeof(p_discount -> 'cents') = 'number'
      and (p_discount ->> 'cents')::numeric between 0 and 10000000000000
      and (p_discount ->> 'cents')::numeric = trunc((p_discount ->> 'cents')::numeric)
    else false
  end
$$;

-- Sales documents ----------------------------------------------------------------------------------
create table public.sales_documents (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  kind text not null constraint sales_documents_kind_check
    check (kind in ('quote', 'invoice', 'credit_note', 'deposit_invoice')),
  status text not null default 'draft' constraint sales_documents_status_check check (
    (kind = 'quote' and status in ('draft', 'sent', 'accepted', 'refused', 'expired'))
    or (kind <> 'quote' and status in ('draft', 'finalised'))),
  -- Server-written at finalisation.
  number text constraint sales_documents_number_check check (char_length(number) <= 40),
  fiscal_year integer constraint sales_documents_fiscal_year_check check (fiscal_year between 2000 and 9999),
  sequence integer constraint sales_documents_sequence_check check (sequence > 0),
  company_id uuid,
  contact_id uuid,
  owner_id uuid references auth.users (id) on delete set null,
  language text not null default 'fr' constraint sales_documents_language_check check (language in ('fr', 'en')),
  issue_date date constraint sales_documents_issue_date_check check (issue_date between '1900-01-01' and '9999-12-31'),
  delivery_date date
    constraint sales_documents_delivery_date_check check (delivery_date between '1900-01-01' and '9999-12-31'),
  due_date date constraint sales_documents_due_date_check check (due_date between '1900-01-01' and '9999-12-31'),
  valid_until date constraint sales_documents_valid_until_check check (valid_until between '1900-01-01' and '9999-12-31'),
  late_penalty_rate_bp integer
    constraint sales_documents_late_penalty_rate_bp_check check (late_penalty_rate_bp between 0 and 100000),
  recovery_indemnity_cents bigint
    constraint sales_documents_recovery_indemnity_cents_check check (recovery_indemnity_cents between 0 and 10000000000000),
  early_payment_discount jsonb constraint sales_documents_early_payment_discount_check check (
    early_payment_discount ->> 'kind' = 'none'
    or (early_payment_discount ->> 'kind' = 'discount'
        and jsonb_typeof(early_payment_discount -> 'basis_points') = 'number'
        and jsonb_typeof(early_payment_discount -> 'within_days') = 'number')),
  payment_means text constraint sales_documents_payment_means_check check (private.is_clean_text(payment_means, 500)),
  operation_category text
    constraint sales_documents_operation_category_check check (operation_category in ('goods', 'services', 'mixed')),
  vat_on_debits boolean,
  -- An address object, or the JSON string "same_as_buyer".
  delivery_address jsonb constraint sales_documents_delivery_address_check check (
    delivery_address = '"same_as_buyer"'::jsonb or jsonb_typeof(delivery_address) = 'object'),
  purchase_order_ref text
    constraint sales_documents_purchase_order_ref_check check (private.is_clean_text(purchase_order_ref, 100)),
  is_paid_quote boolean,
  document_discount jsonb constraint sales_documents_document_discount_check check (private.is_valid_discount(document_discount)),
  -- The buyer as the draft states it (shared/invoicing buyerSchema); when absent, finalisation
  -- takes it from the linked company (business) or contact (individual).
  buyer jsonb constraint sales_documents_buyer_check check (jsonb_typeof(buyer) = 'object'),
  notes text constraint sales_documents_notes_check check (private.is_clean_text(notes, 10000)),
  original_id uuid,
  source_id uuid,
  -- Server-written at finalisation: the frozen seller, totals and VAT table.
  seller jsonb constraint sales_documents_seller_check check (jsonb_typeof(seller) = 'object'),
  total_ht_cents bigint,
  total_vat_cents bigint,
  total_ttc_cents bigint,
  amount_due_cents bigint,
  vat_breakdown jsonb constraint sales_documents_vat_breakdown_check check (jsonb_typeof(vat_breakdown) = 'array'),
  finalised_at timestamptz,
  finalised_by uuid references auth.users (id) on delete set null,
  -- Payments (server-written): the only columns that change once the document is final.
  payment_status text not null default 'unpaid'
    constraint sales_documents_payment_status_check check (payment_status in ('unpaid', 'partially_paid', 'paid')),
  paid_cents bigint not null default 0 constraint sales_documents_paid_cents_check check (paid_cents >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint sales_documents_tenant_id_id_key unique (tenant_id, id),
  constraint sales_documents_finalised_check check (
    (status = 'finalised') = (number is not null and seller is not null and total_ttc_cents is not null)),
  constraint sales_documents_company_id_fkey foreign key (tenant_id, company_id)
    references public.companies (tenant_id, id) on delete set null (company_id),
  constraint sales_documents_contact_id_fkey foreign key (tenant_id, contact_id)
    references public.contacts (tenant_id, id) on delete set null (contact_id),
  -- A credit note's invoice is final, hence never deleted.
  constraint sales_documents_original_id_fkey foreign key (tenant_id, original_id)
    references public.sales_documents (tenant_id, id),
  constraint sales_documents_source_id_fkey foreign key (tenant_id, source_id)
    references public.sales_documents (tenant_id, id) on delete set null (source_id)
);
comment on table public.sales_documents is
  'Quotes, invoices, credit notes and deposit invoices; final ones are frozen and numbered. Synced (docs/sync.md).';
create unique index sales_documents_number_key on public.sales_documents (tenant_id, number) where number is not null;

create table public.sales_document_lines (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  document_id uuid not null,
  position integer not null constraint sales_document_lines_position_check check (position between 0 and 10000),
  description text not null default ''
    constraint sales_document_lines_description_check check (char_length(description) <= 2000),
  quantity_milli bigint not null default 1000
    constraint sales_document_lines_quantity_milli_check check (quantity_milli between 0 and 1000000000000),
  unit text not null default 'C62' constraint sales_document_lines_unit_check check (unit ~ '^[A-Z0-9]{1,3}$'),
  unit_price_cents bigint not null default 0
    constraint sales_document_lines_unit_price_cents_check check (unit_price_cents between 0 and 10000000000000),
  discount jsonb constraint sales_document_lines_discount_check check (private.is_valid_discount(discount)),
  vat_rate_bp integer not null default 2000
    constraint sales_document_lines_vat_rate_bp_check check (vat_rate_bp between 0 and 10000),
  vat_exemption text constraint sales_document_lines_vat_exemption_check
    check (vat_exemption in ('franchise_293b', 'reverse_charge', 'intra_eu', 'export')),
  nature text not null default 'services'
    constraint sales_document_lines_nature_check check (nature in ('goods', 'services')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint sales_document_lines_document_id_fkey foreign key (tenant_id, document_id)
    references public.sales_documents (tenant_id, id) on delete cascade
);
comment on table public.sales_document_lines is 'Lines of sales documents (frozen with their document). Synced (docs/sync.md).';

create index sales_documents_tenant_id_txid_id_idx on public.sales_documents (tenant_id, _txid, id);
create index sales_document_lines_tenant_id_txid_id_idx on public.sales_document_lines (tenant_id, _txid, id);
create index sales_documents_owner_id_idx on public.sales_documents (owner_id);
create index sales_documents_tenant_id_company_id_idx on public.sales_documents (tenant_id, company_id);
create index sales_documents_tenant_id_contact_id_idx on public.sales_documents (tenant_id, contact_id);
create index sales_documents_tenant_id_original_id_idx on public.sales_documents (tenant_id, original_id);
create index sales_documents_tenant_id_source_id_idx on public.sales_documents (tenant_id, source_id);
create index sales_document_lines_document_id_idx on public.sales_document_lines (tenant_id, document_id, position);
create index sales_documents_deleted_at_idx on public.sales_documents (deleted_at) where deleted_at is not null;
create index sales_document_lines_deleted_at_idx on public.sales_document_lines (deleted_at) where deleted_at is not null;

-- Numbering and the inalterability log (private: no API access) -------------------------------------
-- One row per tenant, series and year; finalisation takes the next value with a row-locking
-- upsert, so concurrent finalisations queue on the row and a rolled-back one gives its number back
-- (the increment is rolled back with it): the sequence has no gap and no duplicate.
create table private.document_counters (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  series text not null check (series in ('invoice', 'credit_note', 'deposit_invoice')),
  year integer not null check (year between 2000 and 9999),
  last_value integer not null check (last_value > 0),
  primary key (tenant_id, series, year)
);
comment on table private.document_counters is 'Last number taken per tenant, series and year (gapless: taken in the finalising transaction).';

-- The chain of one tenant: entry n hashes entry n-1's hash and the canonical payload.
create table private.document_log (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  seq bigint not null check (seq > 0),
  event text not null check (event in ('finalised')),
  document_id uuid not null,
  payload jsonb not null,
  previous_hash text not null check (previous_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (tenant_id, seq)
);
comment on table private.document_log is
  'Hash-chained inalterability log per tenant (shared/invoicing/hash-chain.ts): finalisations (later credit notes, payments).';

-- Helpers -------------------------------------------------------------------------------------------
-- money.ts divideRoundHalfUp: integer division rounded half away from zero.
create function private.divide_round_half_up(p_numerator numeric, p_denominator numeric) returns bigint
  language sql immutable parallel safe set search_path = ''
as $$
  select (sign(p_numerator) * floor((abs(p_numerator) * 2 + p_denominator) / (2 * p_denominator)))::bigint
$$;

-- totals.ts computeDocumentTotals over the lines as JSON ([{quantity_milli, unit_price_cents,
-- discount, vat_rate_bp, vat_exemption}] in document order) and the document discount.
create function private.compute_document_totals(p_lines jsonb, p_document_discount jsonb) returns jsonb
  language plpgsql immutable set search_path = ''
as $$
declare
  lines_out jsonb := '[]';
  groups jsonb := '[]';
  line jsonb;
  gross bigint;
  disc bigint;
  net bigint;
  key text;
  idx integer;
  lines_net bigint := 0;
  n integer;
  i integer;
  shares bigint[];
  total_discount bigint;
  rest bigint;
  base bigint;
  vat bigint;
  total_ht bigint := 0;
  total_vat bigint := 0;
  g jsonb;
  ordered jsonb;
  rem record;
begin
  for line in select l from jsonb_array_elements(coalesce(p_lines, '[]')) l loop
    gross := private.divide_round_half_up((line ->> 'quantity_milli')::numeric * (line ->> 'unit_price_cents')::numeric, 1000);
    disc := case line -> 'discount' ->> 'kind'
      when 'percent' then private.divide_round_half_up(gross::numeric * (line -> 'discount' ->> 'basis_points')::numeric, 10000)
      when 'amount' then (line -> 'discount' ->> 'cents')::bigint
      else 0 end;
    net := gross - disc;
    lines_out := lines_out || jsonb_build_object('gross_cents', gross, 'discount_cents', disc, 'net_cents', net);
    key := case when (line ->> 'vat_rate_bp')::integer = 0
                then '0:' || coalesce(line ->> 'vat_exemption', 'none') else line ->> 'vat_rate_bp' end;
    select o.ordinality - 1 into idx from jsonb_array_elements(groups) with ordinality o(g, ordinality)
     where o.g ->> 'key' = key;
    if idx is null then
      groups := groups || jsonb_build_object(
        'key', key, 'vat_rate_bp', (line ->> 'vat_rate_bp')::integer,
        'vat_exemption', case when (line ->> 'vat_rate_bp')::integer = 0 then line -> 'vat_exemption' else 'null'::jsonb end,
        'lines_net_cents', net);
    else
      groups := jsonb_set(groups, array[idx::text, 'lines_net_cents'],
                          to_jsonb((groups -> idx ->> 'lines_net_cents')::bigint + net));
    end if;
    idx := null;
  end loop;
  -- Highest rate first, exempt groups last (by key).
  select coalesce(jsonb_agg(o.g order by (o.g ->> 'vat_rate_bp')::integer desc, o.g ->> 'key' collate "C"), '[]')
    into ordered from jsonb_array_elements(groups) o(g);
  n := jsonb_array_length(ordered);
  select coalesce(sum((o.g ->> 'lines_net_cents')::bigint), 0) into lines_net from jsonb_array_elements(ordered) o(g);

  shares := array_fill(0::bigint, array[greatest(n, 1)]);
  if p_document_discount ->> 'kind' = 'percent' then
    for i in 1 .. n loop
      shares[i] := private.divide_round_half_up(
        (ordered -> (i - 1) ->> 'lines_net_cents')::numeric * (p_document_discount ->> 'basis_points')::numeric, 10000);
    end loop;
  elsif p_document_discount ->> 'kind' = 'amount' and lines_net <> 0 then
    -- money.ts allocateProportionally: floors, then one cent each by largest remainder (ties: order).
    total_discount := least((p_document_discount ->> 'cents')::bigint, lines_net);
    rest := total_discount;
    for i in 1 .. n loop
      shares[i] := floor(total_discount::numeric * (ordered -> (i - 1) ->> 'lines_net_cents')::numeric / lines_net);
      rest := rest - shares[i];
    end loop;
    for rem in
      select o.ordinality::integer as pos
        from jsonb_array_elements(ordered) with ordinality o(g, ordinality)
       order by (total_discount::numeric * (o.g ->> 'lines_net_cents')::numeric / lines_net)
                - floor(total_discount::numeric * (o.g ->> 'lines_net_cents')::numeric / lines_net) desc, o.ordinality
    loop
      exit when rest <= 0;
      shares[rem.pos] := shares[rem.pos] + 1;
      rest := rest - 1;
    end loop;
  end if;

  groups := '[]';
  for i in 1 .. n loop
    g := ordered -> (i - 1);
    base := (g ->> 'lines_net_cents')::bigint - shares[i];
    vat := private.divide_round_half_up(base::numeric * (g ->> 'vat_rate_bp')::numeric, 10000);
    total_ht := total_ht + base;
    total_vat := total_vat + vat;
    groups := groups || (g || jsonb_build_object('document_discount_cents', shares[i], 'base_cents', base, 'vat_cents', vat));
  end loop;
  return jsonb_build_object(
    'lines', lines_out, 'lines_net_cents', lines_net, 'document_discount_cents', lines_net - total_ht,
    'vat_groups', groups, 'total_ht_cents', total_ht, 'total_vat_cents', total_vat,
    'total_ttc_cents', total_ht + total_vat, 'deposits_ttc_cents', 0, 'amount_due_cents', total_ht + total_vat);
end;
$$;
comment on function private.compute_document_totals(jsonb, jsonb) is
  'shared/invoicing/totals.ts in SQL: line nets, VAT once per rate (half-up), document discount over the rates.';

-- hash-chain.ts canonicalise: sorted keys (code-point order; keys are ASCII), no whitespace,
-- JSON escaping as JSON.stringify (jsonb's string output escapes the same characters).
create function private.canonical_json(p_value jsonb) returns text
  language sql immutable parallel safe set search_path = ''
as $$
  select case jsonb_typeof(p_value)
    when 'object' then '{' || coalesce((
      select string_agg(to_jsonb(e.key)::text || ':' || private.canonical_json(e.value), ',' order by e.key collate "C")
        from jsonb_each(p_value) e), '') || '}'
    when 'array' then '[' || coalesce((
      select string_agg(private.canonical_json(e.value), ',' order by e.ordinality)
        from jsonb_array_elements(p_value) with ordinality e(value, ordinality)), '') || ']'
    else p_value::text
  end
$$;
comment on function private.canonical_json(jsonb) is 'Canonical JSON of shared/invoicing/hash-chain.ts (sorted keys, no whitespace).';

-- hash-chain.ts chainEntry: lowercase hex SHA-256 of UTF-8 "<previous hash>\n<canonical payload>".
create function private.chain_hash(p_previous_hash text, p_payload jsonb) returns text
  language sql immutable parallel safe set search_path = ''
as $$
  select encode(sha256(convert_to(p_previous_hash || E'\n' || private.canonical_json(p_payload), 'UTF8')), 'hex')
$$;

-- The canonical content of a document: everything the log freezes (not the payment columns, the
-- links to live CRM rows, nor the sync stamps). Lines in document order.
create function private.document_content(p_document_id uuid) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id, 'tenant_id', d.tenant_id, 'kind', d.kind, 'number', d.number, 'fiscal_year', d.fiscal_year,
    'sequence', d.sequence, 'language', d.language, 'issue_date', d.issue_date, 'delivery_date', d.delivery_date,
    'due_date', d.due_date, 'late_penalty_rate_bp', d.late_penalty_rate_bp,
    'recovery_indemnity_cents', d.recovery_indemnity_cents, 'early_payment_discount', d.early_payment_discount,
    'payment_means', d.payment_means, 'operation_category', d.operation_category, 'vat_on_debits', d.vat_on_debits,
    'delivery_address', d.delivery_address, 'purchase_order_ref', d.purchase_order_ref,
    'document_discount', d.document_discount, 'buyer', d.buyer, 'seller', d.seller, 'notes', d.notes,
    'original_id', d.original_id, 'total_ht_cents', d.total_ht_cents, 'total_vat_cents', d.total_vat_cents,
    'total_ttc_cents', d.total_ttc_cents, 'amount_due_cents', d.amount_due_cents, 'vat_breakdown', d.vat_breakdown,
    'lines', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', l.id, 'position', l.position, 'description', l.description, 'quantity_milli', l.quantity_milli,
               'unit', l.unit, 'unit_price_cents', l.unit_price_cents, 'discount', l.discount,
               'vat_rate_bp', l.vat_rate_bp, 'vat_exemption', l.vat_exemption, 'nature', l.nature)
             order by l.position, l.id)
        from public.sales_document_lines l
       where l.tenant_id = d.tenant_id and l.document_id = d.id and l.deleted_at is null), '[]'))
    from public.sales_documents d where d.id = p_document_id
$$;
comment on function private.document_content(uuid) is 'What the inalterability log hashes of a document (frozen at finalisation).';

-- The status and kind of a document whoever asks (the line guards need it under any RLS).
create function private.document_state(p_tenant_id uuid, p_document_id uuid) returns text
  language sql stable security definer set search_path = ''
as $$
  select d.status from public.sales_documents d where d.tenant_id = p_tenant_id and d.id = p_document_id
$$;

-- The tenant's legal identity as shared/invoicing's Seller.
create function private.seller_snapshot(p_tenant_id uuid) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'name', coalesce(t.legal_name, t.name), 'legal_form', t.legal_form, 'share_capital_cents', t.share_capital_cents,
    'siren', coalesce(t.siren, left(t.siret, 9)), 'siret', t.siret,
    'rcs_city', case when t.registry_kind = 'RCS' then t.registry_city end,
    'rm_department', case when t.registry_kind = 'RM' then t.registry_city end,
    'vat_number', t.vat_number,
    'address', case when t.address_line1 is not null then jsonb_build_object(
      'line1', t.address_line1, 'line2', t.address_line2, 'postal_code', coalesce(t.postal_code, ''),
      'city', coalesce(t.city, ''), 'country', t.country) end)
    from public.tenants t where t.id = p_tenant_id
$$;

-- The buyer of a draft: as stated on it, else its company (business), else its contact (individual).
create function private.buyer_snapshot(p_document public.sales_documents) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select coalesce(
    p_document.buyer,
    (select jsonb_build_object(
              'kind', 'business', 'name', c.name, 'siren', coalesce(c.siren, left(c.siret, 9)), 'siret', c.siret,
              'vat_number', c.vat_number,
              'address', case when c.address_line1 is not null then jsonb_build_object(
                'line1', c.address_line1, 'line2', c.address_line2, 'postal_code', coalesce(c.postal_code, ''),
                'city', coalesce(c.city, ''), 'country', c.country) end)
       from public.companies c
      where c.tenant_id = p_document.tenant_id and c.id = p_document.company_id and c.deleted_at is null),
    (select jsonb_build_object(
              'kind', 'individual', 'name', nullif(concat_ws(' ', c.first_name, c.last_name), ''), 'siren', null,
              'vat_number', null,
              'address', case when c.address_line1 is not null then jsonb_build_object(
                'line1', c.address_line1, 'line2', null, 'postal_code', coalesce(c.postal_code, ''),
                'city', coalesce(c.city, ''), 'country', c.country) end)
       from public.contacts c
      where c.tenant_id = p_document.tenant_id and c.id = p_document.contact_id and c.deleted_at is null))
$$;

-- shared/invoicing/mentions.ts checkInvoiceMentions in SQL, on a draft about to be finalised (its
-- issue date set, seller and buyer snapshotted): the same codes and field paths. Empty = complete.
create function private.check_document_mentions(
  p_document public.sales_documents, p_seller jsonb, p_buyer jsonb, p_lines jsonb, p_totals jsonb
) returns jsonb
  language plpgsql stable security definer set search_path = ''
as $$
declare
  missing jsonb := '[]';
  line jsonb;
  i integer := 0;
  is_business boolean := p_buyer ->> 'kind' = 'business';
  seller_form text := upper(trim(p_seller ->> 'legal_form'));
  siren text;
  siret text;
  franchise_only boolean;
  needs_buyer_vat boolean;
  sells_goods boolean;
  original_kind text;
begin
  if jsonb_array_length(p_lines) = 0 then
    missing := missing || jsonb_build_object('code', 'LINES', 'field', 'lines');
  end if;
  for line in select l from jsonb_array_elements(p_lines) l loop
    if coalesce(trim(line ->> 'description'), '') = '' then
      missing := missing || jsonb_build_object('code', 'LINE_DESCRIPTION', 'field', format('lines[%s].description', i));
    end if;
    if (line ->> 'quantity_milli')::bigint <= 0 then
      missing := missing || jsonb_build_object('code', 'LINE_QUANTITY', 'field', format('lines[%s].quantity_milli', i));
    end if;
    if (line ->> 'vat_rate_bp')::integer not in (2000, 1000, 550, 210, 0) then
      missing := missing || jsonb_build_object('code', 'LINE_VAT_RATE', 'field', format('lines[%s].vat_rate_bp', i));
    end if;
    if ((line ->> 'vat_rate_bp')::integer = 0) <> (line ->> 'vat_exemption' is not null) then
      missing := missing || jsonb_build_object('code', 'LINE_EXEMPTION_REASON', 'field', format('lines[%s].vat_exemption', i));
    end if;
    if (p_totals -> 'lines' -> i ->> 'net_cents')::bigint < 0 then
      missing := missing || jsonb_build_object('code', 'LINE_DISCOUNT', 'field', format('lines[%s].discount', i));
    end if;
    i := i + 1;
  end loop;
  if p_document.kind = 'credit_note' then
    select d.kind into original_kind from public.sales_documents d
     where d.tenant_id = p_document.tenant_id and d.id = p_document.original_id and d.status = 'finalised'
       and d.kind in ('invoice', 'deposit_invoice');
    if original_kind is null then
      missing := missing || jsonb_build_object('code', 'ORIGINAL_INVOICE', 'field', 'original_invoice');
    end if;
  end if;

  -- Seller.
  if coalesce(trim(p_seller ->> 'name'), '') = '' then
    missing := missing || jsonb_build_object('code', 'SELLER_NAME', 'field', 'seller.name');
  end if;
  if coalesce(trim(p_seller -> 'address' ->> 'line1'), '') = '' or coalesce(trim(p_seller -> 'address' ->> 'postal_code'), '') = ''
     or coalesce(trim(p_seller -> 'address' ->> 'city'), '') = '' then
    missing := missing || jsonb_build_object('code', 'SELLER_ADDRESS', 'field', 'seller.address');
  end if;
  siren := regexp_replace(coalesce(p_seller ->> 'siren', ''), '[\s.]', '', 'g');
  siret := regexp_replace(coalesce(p_seller ->> 'siret', ''), '[\s.]', '', 'g');
  if not (private.is_valid_siren(siren) or private.is_valid_siret(siret)) then
    missing := missing || jsonb_build_object('code', 'SELLER_SIREN',
      'field', case when p_seller ->> 'siret' is not null then 'seller.siret' else 'seller.siren' end);
  end if;
  if coalesce(trim(p_seller ->> 'rcs_city'), '') = '' and coalesce(trim(p_seller ->> 'rm_department'), '') = '' then
    missing := missing || jsonb_build_object('code', 'SELLER_REGISTRY', 'field', 'seller.rcs_city');
  end if;
  if coalesce(seller_form, '') = '' then
    missing := missing || jsonb_build_object('code', 'SELLER_LEGAL_FORM', 'field', 'seller.legal_form');
  elsif seller_form in ('EI', 'EIRL', 'MICRO', 'MICRO-ENTREPRISE', 'AUTO-ENTREPRENEUR', 'ENTREPRENEUR INDIVIDUEL') then
    if not (p_seller ->> 'name') ~* '(^|[^[:alnum:]_])(EI|Entrepreneur individuel)($|[^[:alnum:]_])' then
      missing := missing || jsonb_build_object('code', 'SELLER_EI_MENTION', 'field', 'seller.name');
    end if;
  elsif p_seller -> 'share_capital_cents' is null or jsonb_typeof(p_seller -> 'share_capital_cents') = 'null' then
    missing := missing || jsonb_build_object('code', 'SELLER_SHARE_CAPITAL', 'field', 'seller.share_capital_cents');
  end if;
  franchise_only := jsonb_array_length(p_lines) > 0
    and not exists (select 1 from jsonb_array_elements(p_lines) l where (l ->> 'vat_exemption') is distinct from 'franchise_293b');
  if coalesce(trim(p_seller ->> 'vat_number'), '') = '' and not franchise_only then
    missing := missing || jsonb_build_object('code', 'SELLER_VAT_NUMBER', 'field', 'seller.vat_number');
  end if;

  -- Buyer: SIREN for French businesses, VAT number for businesses and reverse-charge/intra-EU sales.
  if coalesce(trim(p_buyer ->> 'name'), '') = '' then
    missing := missing || jsonb_build_object('code', 'BUYER_NAME', 'field', 'buyer.name');
  end if;
  if coalesce(trim(p_buyer -> 'address' ->> 'line1'), '') = '' or coalesce(trim(p_buyer -> 'address' ->> 'postal_code'), '') = ''
     or coalesce(trim(p_buyer -> 'address' ->> 'city'), '') = '' then
    missing := missing || jsonb_build_object('code', 'BUYER_ADDRESS', 'field', 'buyer.address');
  end if;
  if is_business and coalesce(p_buyer -> 'address' ->> 'country', 'FR') = 'FR' then
    siren := regexp_replace(coalesce(p_buyer ->> 'siren', ''), '[\s.]', '', 'g');
    siret := regexp_replace(coalesce(p_buyer ->> 'siret', ''), '[\s.]', '', 'g');
    if not (private.is_valid_siren(siren) or private.is_valid_siret(siret)) then
      missing := missing || jsonb_build_object('code', 'BUYER_SIREN', 'field', 'buyer.siren');
    end if;
  end if;
  needs_buyer_vat := is_business or exists (
    select 1 from jsonb_array_elements(p_lines) l where l ->> 'vat_exemption' in ('reverse_charge', 'intra_eu'));
  if needs_buyer_vat and coalesce(trim(p_buyer ->> 'vat_number'), '') = '' then
    missing := missing || jsonb_build_object('code', 'BUYER_VAT_NUMBER', 'field', 'buyer.vat_number');
  end if;

  -- Payment: due date always; penalties, the EUR 40 indemnity and escompte are B2B mentions.
  if p_document.due_date is null then
    missing := missing || jsonb_build_object('code', 'DUE_DATE', 'field', 'due_date');
  elsif is_business and p_document.issue_date is not null and p_document.due_date - p_document.issue_date > 60 then
    missing := missing || jsonb_build_object('code', 'PAYMENT_TERM_TOO_LONG', 'field', 'due_date');
  end if;
  if is_business then
    if p_document.late_penalty_rate_bp is null then
      missing := missing || jsonb_build_object('code', 'LATE_PENALTY_RATE', 'field', 'payment_terms.late_penalty_rate_bp');
    end if;
    if p_document.recovery_indemnity_cents is distinct from 4000 then
      missing := missing || jsonb_build_object('code', 'RECOVERY_INDEMNITY', 'field', 'payment_terms.recovery_indemnity_cents');
    end if;
    if p_document.early_payment_discount is null then
      missing := missing || jsonb_build_object('code', 'EARLY_PAYMENT_DISCOUNT', 'field', 'payment_terms.early_payment_discount');
    end if;
  end if;

  -- 2026 e-invoicing reform mentions.
  if p_document.operation_category is null then
    missing := missing || jsonb_build_object('code', 'OPERATION_CATEGORY', 'field', 'operation_category');
  end if;
  sells_goods := p_document.operation_category is distinct from 'services'
    and exists (select 1 from jsonb_array_elements(p_lines) l where l ->> 'nature' = 'goods');
  if sells_goods and p_document.delivery_address is null then
    missing := missing || jsonb_build_object('code', 'DELIVERY_ADDRESS', 'field', 'delivery_address');
  end if;
  if p_document.vat_on_debits is null then
    missing := missing || jsonb_build_object('code', 'VAT_ON_DEBITS', 'field', 'vat_on_debits');
  end if;
  return missing;
end;
$$;
comment on function private.check_document_mentions(public.sales_documents, jsonb, jsonb, jsonb, jsonb) is
  'shared/invoicing/mentions.ts in SQL: the mandatory mentions a draft lacks ([{code, field}]).';

-- Triggers: sales documents --------------------------------------------------------------------------
-- A final document never changes but for its payment columns; trusted paths (the purge of a CRM
-- row, of a draft it was converted from) may also clear its links, which the log does not cover.
-- It is never deleted, except with its tenant (account deletion cascades: the tenant row is gone).
create function private.guard_final_document() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  volatile_columns text[] := array['payment_status', 'paid_cents', 'updated_at', '_txid'];
begin
  if tg_op = 'DELETE' then
    if old.status = 'finalised' and exists (select 1 from public.tenants t where t.id = old.tenant_id) then
      perform private.raise_error('document_finalised', 409);
    end if;
    return old;
  end if;
  if old.status = 'finalised' then
    if not private.is_api_caller() then
      volatile_columns := volatile_columns
        || case when new.company_id is null then array['company_id'] else '{}' end
        || case when new.contact_id is null then array['contact_id'] else '{}' end
        || case when new.source_id is null then array['source_id'] else '{}' end;
    end if;
    if (to_jsonb(new) - volatile_columns) <> (to_jsonb(old) - volatile_columns) then
      perform private.raise_error('document_finalised', 409);
    end if;
  end if;
  return new;
end;
$$;
comment on function private.guard_final_document() is
  'Sales documents: a final document changes only its payment columns and is never deleted (but with its tenant).';

-- Server columns: only finalise_document numbers, totals and freezes; payments are the server's;
-- the kind never changes.
create function private.stamp_sales_document() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if not private.is_api_caller() then
    return new;
  end if;
  if new.status = 'finalised' and (tg_op = 'INSERT' or old.status <> 'finalised') then
    raise exception using errcode = 'check_violation', constraint = 'sales_documents_status_check',
      message = 'only finalise_document finalises a document';
  end if;
  if tg_op = 'INSERT' then
    new.number := null;
    new.fiscal_year := null;
    new.sequence := null;
    new.seller := null;
    new.total_ht_cents := null;
    new.total_vat_cents := null;
    new.total_ttc_cents := null;
    new.amount_due_cents := null;
    new.vat_breakdown := null;
    new.finalised_at := null;
    new.finalised_by := null;
    new.payment_status := 'unpaid';
    new.paid_cents := 0;
  else
    new.kind := old.kind;
    new.number := old.number;
    new.fiscal_year := old.fiscal_year;
    new.sequence := old.sequence;
    new.seller := old.seller;
    new.total_ht_cents := old.total_ht_cents;
    new.total_vat_cents := old.total_vat_cents;
    new.total_ttc_cents := old.total_ttc_cents;
    new.amount_due_cents := old.amount_due_cents;
    new.vat_breakdown := old.vat_breakdown;
    new.finalised_at := old.finalised_at;
    new.finalised_by := old.finalised_by;
    new.payment_status := old.payment_status;
    new.paid_cents := old.paid_cents;
  end if;
  return new;
end;
$$;
comment on function private.stamp_sales_document() is
  'Sales documents: number, totals, seller, finalisation and payment columns are the server''s; the kind is fixed.';

create trigger sales_documents_a_guard before update or delete on public.sales_documents
  for each row execute function private.guard_final_document();
create trigger sales_documents_b_stamp before insert or update on public.sales_documents
  for each row execute function private.stamp_sales_document();
create trigger sales_documents_z_stamp_sync_row before insert or update on public.sales_documents
  for each row execute function private.stamp_sync_row();
create trigger sales_documents_check_links after insert or update on public.sales_documents
  for each row execute function private.check_visible_links(
    'company_id:companies', 'contact_id:contacts', 'original_id:sales_documents', 'source_id:sales_documents');

-- Triggers: lines ---------------------------------------------------------------------------------------
-- The lines of a final document are frozen with it: no insert, update or delete (but with the
-- tenant or the document itself, which only a draft's purge removes).
create function private.guard_final_document_line() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and private.document_state(old.tenant_id, old.document_id) = 'finalised' then
    perform private.raise_error('document_finalised', 409);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and private.document_state(new.tenant_id, new.document_id) = 'finalised' then
    perform private.raise_error('document_finalised', 409);
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'UPDATE' and private.is_api_caller() then
    new.document_id := old.document_id;
  end if;
  return new;
end;
$$;
comment on function private.guard_final_document_line() is 'Lines of a final document never change; a line stays on its document.';

create trigger sales_document_lines_a_guard before insert or update or delete on public.sales_document_lines
  for each row execute function private.guard_final_document_line();
create trigger sales_document_lines_z_stamp_sync_row before insert or update on public.sales_document_lines
  for each row execute function private.stamp_unowned_sync_row();
create trigger sales_document_lines_check_links after insert or update on public.sales_document_lines
  for each row execute function private.check_visible_links('document_id:sales_documents');

-- The log is append-only for everyone (a superuser can still bypass triggers: the chain shows it).
create function private.guard_document_log() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from public.tenants t where t.id = old.tenant_id) then
    return old;
  end if;
  perform private.raise_error('document_log_append_only', 409);
  return null;
end;
$$;
create trigger document_log_a_guard before update or delete on private.document_log
  for each row execute function private.guard_document_log();

-- Finalisation ----------------------------------------------------------------------------------------------
-- One transaction: the caller may update the draft; the server snapshots seller and buyer, sets
-- the issue date (today in the tenant's time zone: numbers follow the dates), recomputes the
-- totals, checks every mandatory mention and refuses with the list (document_incomplete, 422)
-- before taking any number; then takes the next number of the tenant's series for the year,
-- freezes the document and appends to the tenant's hash chain.
create function public.finalise_document(p_document_id uuid) returns public.sales_documents
  language plpgsql security definer set search_path = ''
as $$
declare
  doc public.sales_documents;
  tenant public.tenants;
  v_seller jsonb;
  v_buyer jsonb;
  lines jsonb;
  totals jsonb;
  missing jsonb;
  today date;
  series_prefix text;
  v_seq integer;
  previous_hash text;
  next_seq bigint;
  payload jsonb;
begin
  select * into doc from public.sales_documents d where d.id = p_document_id and d.deleted_at is null for update;
  if not found or doc.tenant_id not in (select private.tenants_with('sales_documents', 'read', array['allow'])) then
    perform private.raise_error('not_found', 404);
  end if;
  if doc.tenant_id not in (select private.tenants_with('sales_documents', 'update', array['allow'])) then
    perform private.raise_error('forbidden', 403);
  end if;
  if doc.kind = 'quote' then
    perform private.raise_error('document_not_finalisable', 409, jsonb_build_object('kind', doc.kind));
  end if;
  if doc.status = 'finalised' then
    perform private.raise_error('document_finalised', 409);
  end if;

  select * into tenant from public.tenants t where t.id = doc.tenant_id;
  today := (now() at time zone tenant.time_zone)::date;
  doc.issue_date := today;
  v_seller := private.seller_snapshot(doc.tenant_id);
  v_buyer := coalesce(private.buyer_snapshot(doc), '{}');
  select coalesce(jsonb_agg(jsonb_build_object(
           'description', l.description, 'quantity_milli', l.quantity_milli, 'unit', l.unit,
           'unit_price_cents', l.unit_price_cents, 'discount', l.discount, 'vat_rate_bp', l.vat_rate_bp,
           'vat_exemption', l.vat_exemption, 'nature', l.nature) order by l.position, l.id), '[]')
    into lines
    from public.sales_document_lines l
   where l.tenant_id = doc.tenant_id and l.document_id = doc.id and l.deleted_at is null;
  totals := private.compute_document_totals(lines, doc.document_discount);
  missing := private.check_document_mentions(doc, v_seller, v_buyer, lines, totals);
  if jsonb_array_length(missing) > 0 then
    perform private.raise_error('document_incomplete', 422, jsonb_build_object('missing', missing));
  end if;

  -- The number: the row lock queues concurrent finalisations of the series; the increment
  -- commits or rolls back with the document.
  insert into private.document_counters as c (tenant_id, series, year, last_value)
  values (doc.tenant_id, doc.kind, extract(year from today)::integer, 1)
  on conflict (tenant_id, series, year) do update set last_value = c.last_value + 1
  returning c.last_value into v_seq;
  series_prefix := tenant.numbering_prefix || case doc.kind when 'credit_note' then 'AV-' when 'deposit_invoice' then 'AC-' else '' end;

  update public.sales_documents d set
    status = 'finalised',
    issue_date = today,
    fiscal_year = extract(year from today)::integer,
    sequence = v_seq,
    number = series_prefix || extract(year from today)::integer || '-' || lpad(v_seq::text, greatest(4, length(v_seq::text)), '0'),
    seller = v_seller,
    buyer = v_buyer,
    total_ht_cents = (totals ->> 'total_ht_cents')::bigint,
    total_vat_cents = (totals ->> 'total_vat_cents')::bigint,
    total_ttc_cents = (totals ->> 'total_ttc_cents')::bigint,
    amount_due_cents = (totals ->> 'amount_due_cents')::bigint,
    vat_breakdown = totals -> 'vat_groups',
    finalised_at = now(),
    finalised_by = auth.uid()
  where d.id = doc.id
  returning * into doc;

  -- The chain: the last entry is locked so appends of one tenant are serial.
  select l.seq, l.hash into next_seq, previous_hash from private.document_log l
   where l.tenant_id = doc.tenant_id order by l.seq desc limit 1 for update;
  payload := jsonb_build_object('event', 'finalised', 'document', private.document_content(doc.id));
  insert into private.document_log (tenant_id, seq, event, document_id, payload, previous_hash, hash, created_by)
  values (doc.tenant_id, coalesce(next_seq, 0) + 1, 'finalised', doc.id, payload,
          coalesce(previous_hash, repeat('0', 64)), private.chain_hash(coalesce(previous_hash, repeat('0', 64)), payload),
          auth.uid());
  return doc;
end;
$$;
comment on function public.finalise_document(uuid) is
  'Checks the mandatory mentions, numbers (gapless per tenant/series/year), freezes and logs a draft invoice.';

-- Recomputes the tenant's chain: each entry's hash from the previous one and its payload, and each
-- finalisation's payload against the document as it is now. broken_at: the first bad entry's seq.
create function public.verify_document_log(p_tenant_id uuid) returns jsonb
  language plpgsql stable security definer set search_path = ''
as $$
declare
  entry record;
  previous text := repeat('0', 64);
  expected_seq bigint := 1;
  checked integer := 0;
begin
  -- API callers read the tenant's documents; the service role and the database owner verify any.
  if p_tenant_id is null or (current_setting('role', true) in ('anon', 'authenticated')
                             and p_tenant_id not in (select private.tenants_with('sales_documents', 'read', array['allow']))) then
    perform private.raise_error('not_found', 404);
  end if;
  for entry in select * from private.document_log l where l.tenant_id = p_tenant_id order by l.seq loop
    if entry.seq <> expected_seq or entry.previous_hash <> previous
       or entry.hash <> private.chain_hash(previous, entry.payload)
       or (entry.event = 'finalised'
           and private.document_content(entry.document_id) is distinct from entry.payload -> 'document') then
      return jsonb_build_object('ok', false, 'broken_at', least(entry.seq, expected_seq), 'entries', checked);
    end if;
    previous := entry.hash;
    expected_seq := expected_seq + 1;
    checked := checked + 1;
  end loop;
  return jsonb_build_object('ok', true, 'broken_at', null, 'entries', checked);
end;
$$;
comment on function public.verify_document_log(uuid) is
  'Verifies the tenant''s inalterability chain: {ok, broken_at (seq of the first bad entry), entries}.';

-- Grants ------------------------------------------------------------------------------------------------------
-- No DELETE for the API (a delete is a tombstone, refused on final documents).
revoke all on public.sales_documents, public.sales_document_lines from public, anon, authenticated;
grant select, insert, update on public.sales_documents, public.sales_document_lines to authenticated;
grant select, insert, update, delete on public.sales_documents, public.sales_document_lines to service_role;
revoke all on private.document_counters, private.document_log from public, anon, authenticated;

revoke all on function
  private.is_valid_discount(jsonb), private.divide_round_half_up(numeric, numeric),
  private.compute_document_totals(jsonb, jsonb), private.canonical_json(jsonb), private.chain_hash(text, jsonb),
  private.document_content(uuid), private.document_state(uuid, uuid), private.seller_snapshot(uuid),
  private.buyer_snapshot(public.sales_documents),
  private.check_document_mentions(public.sales_documents, jsonb, jsonb, jsonb, jsonb),
  private.guard_final_document(), private.stamp_sales_document(), private.guard_final_document_line(),
  private.guard_document_log(), public.finalise_document(uuid), public.verify_document_log(uuid)
  from public, anon, authenticated;
grant execute on function
  private.is_valid_discount(jsonb), private.document_state(uuid, uuid), private.guard_final_document(),
  private.stamp_sales_document(), private.guard_final_document_line()
  to authenticated, service_role;
grant execute on function public.finalise_document(uuid), public.verify_document_log(uuid) to authenticated, service_role;

-- Row Level Security ----------------------------------------------------------------------------------------------
-- Resources sales_documents and sales_document_lines (the matrix's invoices row): tenant-wide,
-- allow or nothing. Clients read nothing yet: no link ties a client user to a company or contact.
alter table public.sales_documents enable row level security;
alter table public.sales_document_lines enable row level security;

create policy "staff read sales documents per the matrix" on public.sales_documents for select to authenticated
  using (tenant_id in (select private.tenants_with('sales_documents', 'read', array['allow'])));
create policy "staff create sales documents per the matrix" on public.sales_documents for insert to authenticated
  with check (tenant_id in (select private.tenants_with('sales_documents', 'create', array['allow'])));
create policy "staff update and delete sales documents per the matrix" on public.sales_documents for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('sales_documents', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('sales_documents', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('sales_documents', case when deleted_at is null then 'update' else 'delete' end,
                                              array['allow'])));

create policy "staff read sales document lines per the matrix" on public.sales_document_lines for select to authenticated
  using (tenant_id in (select private.tenants_with('sales_document_lines', 'read', array['allow'])));
create policy "staff create sales document lines per the matrix" on public.sales_document_lines for insert to authenticated
  with check (tenant_id in (select private.tenants_with('sales_document_lines', 'create', array['allow'])));
create policy "staff update and delete sales document lines per the matrix" on public.sales_document_lines
  for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('sales_document_lines', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('sales_document_lines', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('sales_document_lines',
                                              case when deleted_at is null then 'update' else 'delete' end, array['allow'])));

-- Sync registry (positions 11, 12) ---------------------------------------------------------------------------------
-- Writable fields are shared/invoicing/documents.ts's *_WRITABLE_FIELDS.
select private.register_sync_table('sales_documents', 11,
  array['kind', 'status', 'company_id', 'contact_id', 'owner_id', 'language', 'issue_date', 'delivery_date', 'due_date',
        'valid_until', 'late_penalty_rate_bp', 'recovery_indemnity_cents', 'early_payment_discount', 'payment_means',
        'operation_category', 'vat_on_debits', 'delivery_address', 'purchase_order_ref', 'is_paid_quote',
        'document_discount', 'buyer', 'notes', 'original_id', 'source_id'],
  array['owner_id']);
select private.register_sync_table('sales_document_lines', 12,
  array['document_id', 'position', 'description', 'quantity_milli', 'unit', 'unit_price_cents', 'discount', 'vat_rate_bp',
        'vat_exemption', 'nature']);
