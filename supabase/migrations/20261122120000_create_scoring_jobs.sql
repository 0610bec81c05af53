-- Server-side scoring (V1, seed 001 A1): the scores every device computes live from its replica
-- (shared/scoring) are also computed nightly by the `scoring` edge function with the same code and
-- written to opportunities/contacts.score, score_explanation and scored_at, so everyone — and
-- everything that reads the database (reports, exports, other tenants' devices not yet synced) —
-- sees the same number. The function reads a tenant's rows through public.scoring_inputs and
-- writes through public.apply_scores; both are service_role only.
--
-- apply_scores writes a row only when its score or explanation changed: each write re-stamps the
-- row (_txid, updated_at) and every replica pulls it again, so unchanged rows are left alone. A
-- score depends on the day (recency, stage age), so most open deals still change once a day.

-- What a tenant's scores depend on, as JSON: the rows shared/scoring's computeTenantScores reads
-- (live rows only; activities restricted to interactions, the only kinds it counts) and the
-- tenant's scoring models. Service role only: the caller (the scoring function) authorised the job.
create function public.scoring_inputs(p_tenant_id uuid) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'stages', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'position', s.position, 'probability', s.probability,
                                          'kind', s.kind) order by s.position, s.id)
        from public.pipeline_stages s
       where s.tenant_id = p_tenant_id and s.deleted_at is null), '[]'::jsonb),
    'opportunities', coalesce((
      select jsonb_agg(jsonb_build_object('id', o.id, 'stage_id', o.stage_id, 'amount_cents', o.amount_cents,
                                          'probability', o.probability, 'created_at', o.created_at,
                                          'stage_entered_at', o.stage_entered_at, 'company_id', o.company_id,
                                          'contact_id', o.contact_id, 'expected_close_date', o.expected_close_date,
                                          'next_step', o.next_step, 'source', o.source) order by o.id)
        from public.opportunities o
       where o.tenant_id = p_tenant_id and o.deleted_at is null), '[]'::jsonb),
    'activities', coalesce((
      select jsonb_agg(jsonb_build_object('kind', a.kind, 'occurred_at', a.occurred_at, 'contact_id', a.contact_id,
                                          'opportunity_id', a.opportunity_id) order by a.id)
        from public.activities a
       where a.tenant_id = p_tenant_id and a.deleted_at is null
         and a.kind in ('call', 'email', 'meeting', 'visit')), '[]'::jsonb),
    'history', coalesce((
      select jsonb_agg(jsonb_build_object('id', h.id, 'opportunity_id', h.opportunity_id, 'to_stage_id', h.to_stage_id,
                                          'changed_at', h.changed_at) order by h.id)
        from public.opportunity_stage_history h
       where h.tenant_id = p_tenant_id and h.deleted_at is null), '[]'::jsonb),
    'companies', coalesce((
      select jsonb_agg(jsonb_build_object('id', c.id, 'siret', c.siret, 'sector', c.sector, 'size', c.size) order by c.id)
        from public.companies c
       where c.tenant_id = p_tenant_id and c.deleted_at is null), '[]'::jsonb),
    'contacts', coalesce((
      select jsonb_agg(jsonb_build_object('id', c.id, 'created_at', c.created_at, 'first_name', c.first_name,
                                          'last_name', c.last_name, 'email', c.email, 'phone', c.phone,
                                          'mobile', c.mobile, 'job_title', c.job_title, 'company_id', c.company_id,
                                          'last_contacted_at', c.last_contacted_at) order by c.id)
        from public.contacts c
       where c.tenant_id = p_tenant_id and c.deleted_at is null), '[]'::jsonb),
    'models', coalesce((
      select jsonb_agg(jsonb_build_object('kind', m.kind, 'weights', m.weights) order by m.kind)
        from public.scoring_models m
       where m.tenant_id = p_tenant_id and m.deleted_at is null), '[]'::jsonb)
  )
$$;
comment on function public.scoring_inputs(uuid) is
  'Scoring job: a tenant''s live rows that shared/scoring reads, as JSON. service_role only.';

-- The tenants the nightly job scores: those with at least one live opportunity or contact.
create function public.list_scoring_tenants() returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select t.id from public.tenants t
   where exists (select 1 from public.opportunities o where o.tenant_id = t.id and o.deleted_at is null)
      or exists (select 1 from public.contacts c where c.tenant_id = t.id and c.deleted_at is null)
   order by t.id
$$;
comment on function public.list_scoring_tenants() is 'Scoring job: the tenants to score. service_role only.';

-- Writes scores computed by the scoring function:
--   p_scores = {"opportunities": [{"id", "score", "explanation"}], "contacts": [...]}
-- (either key optional; explanation a JSON object). Rows of other tenants, tombstoned rows and
-- unknown ids are skipped; a row is written only when its score or explanation changed.
-- Returns {"opportunities": <rows written>, "contacts": <rows written>}. service_role only: the
-- caller (the scoring function) is the authority on the values; the privileged owner is needed
-- because the score columns are server-only (private.stamp_opportunity / stamp_contact_score keep
-- them for API callers).
create function public.apply_scores(p_tenant_id uuid, p_scores jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  kind text;
  item jsonb;
  opportunities_written integer;
  contacts_written integer;
begin
  if p_tenant_id is null or p_scores is null or jsonb_typeof(p_scores) <> 'object' then
    raise exception using errcode = 'invalid_parameter_value', message = 'p_scores must be a JSON object';
  end if;
  foreach kind in array array['opportunities', 'contacts'] loop
    if p_scores ? kind then
      if jsonb_typeof(p_scores -> kind) <> 'array' then
        raise exception using errcode = 'invalid_parameter_value', message = format('p_scores.%s must be an array', kind);
      end if;
      for item in select value from jsonb_array_elements(p_scores -> kind) loop
        if jsonb_typeof(item) is distinct from 'object'
           or jsonb_typeof(item -> 'id') is distinct from 'string'
           or jsonb_typeof(item -> 'score') is distinct from 'number'
           or jsonb_typeof(item -> 'explanation') is distinct from 'object'
           or (item ->> 'id') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
           or (item ->> 'score') !~ '^[0-9]{1,3}$' or (item ->> 'score')::integer > 100 then
          raise exception using errcode = 'invalid_parameter_value',
            message = format('p_scores.%s: each entry needs a uuid id, an integer score 0..100 and an explanation object', kind);
        end if;
      end loop;
    end if;
  end loop;

  with input as (
    select (e ->> 'id')::uuid as id, (e ->> 'score')::smallint as score, e -> 'explanation' as explanation
      from jsonb_array_elements(coalesce(p_scores -> 'opportunities', '[]'::jsonb)) e
  ), written as (
    update public.opportunities o
       set score = i.score, score_explanation = i.explanation, scored_at = now()
      from input i
     where o.tenant_id = p_tenant_id and o.id = i.id and o.deleted_at is null
       and (o.score is distinct from i.score or o.score_explanation is distinct from i.explanation)
    returning 1
  )
  select count(*) into opportunities_written from written;

  with input as (
    select (e ->> 'id')::uuid as id, (e ->> 'score')::smallint as score, e -> 'explanation' as explanation
      from jsonb_array_elements(coalesce(p_scores -> 'contacts', '[]'::jsonb)) e
  ), written as (
    update public.contacts c
       set score = i.score, score_explanation = i.explanation, scored_at = now()
      from input i
     where c.tenant_id = p_tenant_id and c.id = i.id and c.deleted_at is null
       and (c.score is distinct from i.score or c.score_explanation is distinct from i.explanation)
    returning 1
  )
  select count(*) into contacts_written from written;

  return jsonb_build_object('opportunities', opportunities_written, 'contacts', contacts_written);
end;
$$;
comment on function public.apply_scores(uuid, jsonb) is
  'Scoring job: writes changed scores of a tenant''s opportunities and contacts. service_role only.';

revoke execute on function public.scoring_inputs(uuid), public.list_scoring_tenants(),
  public.apply_scores(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.scoring_inputs(uuid), public.list_scoring_tenants(),
  public.apply_scores(uuid, jsonb) to service_role;

-- Nightly at 01:30 UTC (02:30 or 03:30 in Paris: after midnight, so "days ago" have moved on).
-- The job asks the scoring function over HTTP with the service-role key from Vault, as the
-- pg_net/pg_cron pattern of Supabase (supabase/local/workers/scheduler.ts): on hosted Supabase,
-- enable pg_cron and pg_net and store the `project_url` and `service_role_key` Vault secrets
-- (README, "Deploy"); locally the stack stores both at every start and the stand-ins run the job.
select cron.schedule('recompute-scores', '30 1 * * *', $cmd$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/scoring',
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' ||
      (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
    body := '{}'::jsonb,
    timeout_milliseconds := 300000)
$cmd$);
