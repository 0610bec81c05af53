/**
 * `npm run seed:bench -- [--rows 100000] [--db-url postgres://…]`: loads the benchmark data set
 * into a running stack's database — a "Banc d'essai" tenant (fixed id) owned by
 * bench@comptoir.test (the demo password), with N contacts and N/20 companies. Rows are generated
 * in SQL (generate_series), deterministic, and valid under every CHECK constraint; re-running
 * replaces the tenant's CRM rows. The database is `--db-url`, else COMPTOIR_DB_URL, else the one
 * `npm start` runs (postgres role, port COMPTOIR_DB_PORT or 54322).
 */
import path from 'node:path';
import pg from 'pg';

export const BENCH_TENANT_ID = '019a8f00-9000-7000-8000-000000000001';
export const BENCH_OWNER_ID = '019a8f00-0000-7000-8000-000000000091';
export const BENCH_OWNER_EMAIL = 'bench@comptoir.test';
const DEMO_PASSWORD = 'Comptoir-demo-2026';

export type BenchSeedResult = {
  readonly tenantId: string;
  readonly companies: number;
  readonly contacts: number;
  readonly seconds: number;
};

/** The database of the running local stack, as `npm start` prints it. */
export function resolveBenchDbUrl(argv: readonly string[] = process.argv.slice(2)): string {
  const index = argv.indexOf('--db-url');
  if (index >= 0 && argv[index + 1]) return argv[index + 1]!;
  return (
    process.env['COMPTOIR_DB_URL'] ??
    `postgresql://postgres:postgres@127.0.0.1:${process.env['COMPTOIR_DB_PORT'] ?? '54322'}/postgres`
  );
}

/** The tenant and its owner login (created once): statements with their parameters. */
function buildSetup(): [string, unknown[]][] {
  return [
    [
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
         email_change_token_new, email_change)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
         extensions.crypt($3, extensions.gen_salt('bf', 10)), now(), '{"provider":"email","providers":["email"]}',
         '{"display_name":"Banc d''essai"}', now(), now(), '', '', '', '')
       on conflict (id) do nothing`,
      [BENCH_OWNER_ID, BENCH_OWNER_EMAIL, DEMO_PASSWORD],
    ],
    [
      `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
              'email', now(), now(), now()
         from auth.users u
        where u.id = $1 and not exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email')`,
      [BENCH_OWNER_ID],
    ],
    [
      `insert into public.tenants (id, name, vertical, plan, siren, country)
       values ($1, 'Banc d''essai', 'services', 'pro', '732829320', 'FR')
       on conflict (id) do nothing`,
      [BENCH_TENANT_ID],
    ],
    [
      `insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'owner')
       on conflict (tenant_id, user_id) do nothing`,
      [BENCH_TENANT_ID, BENCH_OWNER_ID],
    ],
  ];
}

const COMPANIES_SQL = `
insert into public.companies (id, tenant_id, name, siren, email, phone, website, address_line1, postal_code, city,
  country, sector, size, tags, owner_id, created_at, updated_at)
select ('019a8f00-9100-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1,
       (array['Transports', 'Garage', 'Boulangerie', 'Cabinet', 'Atelier', 'Studio', 'Hôtel', 'Domaine'])[1 + i % 8]
         || ' ' || (array['Martin', 'Bernard', 'Dubois', 'Durand', 'Moreau', 'Laurent', 'Garcia', 'Roux', 'Fournier',
         'Girard'])[1 + (i / 8) % 10] || ' ' || i::text,
       (select s || c::text from (select lpad(((i::bigint * 7919) % 90000000 + 10000000)::text, 8, '0') as s) base,
               generate_series(0, 9) c where private.is_valid_luhn(s || c::text) limit 1),
       'contact@entreprise-' || i::text || '.fr',
       '+334' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
       'https://www.entreprise-' || i::text || '.fr',
       (1 + i % 150)::text || ' rue de la République',
       (array['69002', '44000', '75011', '33000', '31000', '13001'])[1 + i % 6],
       (array['Lyon', 'Nantes', 'Paris', 'Bordeaux', 'Toulouse', 'Marseille'])[1 + i % 6],
       'FR', (array['Transport', 'Automobile', 'Alimentation', 'Conseil', 'Artisanat', 'Communication'])[1 + i % 6],
       (array['1-9', '10-49', '50-249', '250-999', '1000+'])[1 + i % 5],
       case when i % 3 = 0 then array['Client'] else '{}' end,
       $2, now() - make_interval(days => i % 700), now() - make_interval(days => i % 30)
  from generate_series(1, $3::integer) i
`;

const CONTACTS_SQL = `
insert into public.contacts (id, tenant_id, first_name, last_name, email, phone, mobile, company_id, job_title, city,
  country, tags, custom_fields, consent_marketing, processing_basis, owner_id, notes, created_at, updated_at)
select ('019a8f00-9200-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1,
       (array['Camille', 'Julien', 'Sophie', 'Nicolas', 'Marie', 'Thomas', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Inès',
         'Karim', 'Élodie', 'Mathieu', 'Nadia', 'Yann'])[1 + i % 16],
       (array['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
         'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
         'Morel', 'Girard', 'Haddad', 'Nguyen'])[1 + (i / 16) % 24],
       'contact' || i::text || '@entreprise-' || (1 + i % $4::integer)::text || '.fr',
       case when i % 3 = 0 then '+334' || lpad(((i::bigint * 104729) % 100000000)::text, 8, '0') end,
       '+33' || (6 + i % 2)::text || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
       case when i % 10 <> 0 then ('019a8f00-9100-7000-8000-' || lpad(to_hex(1 + i % $4::integer), 12, '0'))::uuid end,
       (array['Gérant', 'Comptable', 'Responsable achats', 'Assistant de direction', 'Chef de projet'])[1 + i % 5],
       (array['Lyon', 'Nantes', 'Paris', 'Bordeaux', 'Toulouse', 'Marseille'])[1 + i % 6], 'FR',
       case when i % 4 = 0 then array['VIP'] when i % 4 = 1 then array['Prospect', 'Relance'] else '{}' end,
       case when i % 5 = 0 then jsonb_build_object('source', 'Salon', 'score', i % 100) else '{}' end,
       i % 3 = 0, case when i % 3 = 0 then 'consent' else 'contract' end,
       $2, case when i % 7 = 0 then 'À rappeler après le salon.' end,
       now() - make_interval(days => i % 600), now() - make_interval(days => i % 20)
  from generate_series(1, $3::integer) i
`;

/** Inserts (or replaces) the benchmark tenant with `rows` contacts and rows/20 companies. */
export async function seedBenchTenant(dbUrl: string, rows = 100_000): Promise<BenchSeedResult> {
  if (!Number.isInteger(rows) || rows < 1 || rows > 10_000_000)
    throw new Error(`--rows must be 1..10000000, got ${rows}`);
  const companies = Math.max(1, Math.round(rows / 20));
  const startedAt = performance.now();
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('begin');
    for (const [sql, params] of buildSetup()) await client.query(sql, params);
    await client.query('delete from public.contacts where tenant_id = $1', [BENCH_TENANT_ID]);
    await client.query('delete from public.companies where tenant_id = $1', [BENCH_TENANT_ID]);
    await client.query(COMPANIES_SQL, [BENCH_TENANT_ID, BENCH_OWNER_ID, companies]);
    await client.query(CONTACTS_SQL, [BENCH_TENANT_ID, BENCH_OWNER_ID, rows, companies]);
    await client.query('commit');
    await client.query('analyze public.companies, public.contacts');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { tenantId: BENCH_TENANT_ID, companies, contacts: rows, seconds: (performance.now() - startedAt) / 1000 };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rowsIndex = argv.indexOf('--rows');
  const rows = rowsIndex >= 0 ? Number(argv[rowsIndex + 1]) : 100_000;
  const dbUrl = resolveBenchDbUrl(argv);
  const result = await seedBenchTenant(dbUrl, rows);
  console.log(
    `seed:bench: tenant "Banc d'essai" (${result.tenantId}) — ${result.contacts} contacts, ${result.companies} companies ` +
      `in ${result.seconds.toFixed(1)} s. Sign in as ${BENCH_OWNER_EMAIL} / ${DEMO_PASSWORD}.`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(`seed:bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
