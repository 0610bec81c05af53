-- Demo data for `npm start` (loaded once on a fresh database, like `supabase db reset`).
-- Every feature extends this file. Logins are listed in supabase/demo-logins.json and the README;
-- every demo password is Comptoir-demo-2026. Passwords are bcrypt-hashed with pgcrypto, the
-- format Supabase Auth (and our stand-in) verifies. Ids are fixed UUIDv7 values.

-- Two tenants: a garage in Lyon and a creative agency in Nantes --------------------------------
insert into public.tenants (id, name, vertical, plan, legal_name, legal_form, share_capital_cents, siren, siret,
  registry_kind, registry_city, vat_number, address_line1, postal_code, city, country, session_timeout_minutes,
  numbering_prefix, created_at)
values
  ('019a8f00-1000-7000-8000-000000000001', 'Garage du Centre', 'garage', 'pro', 'Garage du Centre SARL', 'SARL', 1000000,
   '912345675', '91234567500017', 'RCS', 'Lyon', 'FR65912345675', '12 rue de la République', '69002', 'Lyon', 'FR',
   30, 'GDC', now() - interval '400 days'),
  ('019a8f00-2000-7000-8000-000000000001', 'Studio Pixel', 'agency', 'starter', 'Studio Pixel SAS', 'SAS', 500000,
   '845123454', '84512345400017', 'RCS', 'Nantes', 'FR88845123454', '3 quai de la Fosse', '44000', 'Nantes', 'FR',
   30, 'SPX', now() - interval '220 days');

-- One login per role in each tenant, a manager of the garage who also sells for the studio,
-- and a platform operator ----------------------------------------------------------------------
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
  email_change_token_new, email_change)
values
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000001', 'authenticated', 'authenticated', 'marc.durand@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Marc Durand"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000002', 'authenticated', 'authenticated', 'sophie.martin@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Sophie Martin"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000003', 'authenticated', 'authenticated', 'julien.bernard@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Julien Bernard"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000004', 'authenticated', 'authenticated', 'claire.petit@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Claire Petit"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000005', 'authenticated', 'authenticated', 'karim.haddad@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Karim Haddad"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000006', 'authenticated', 'authenticated', 'lea.robert@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Léa Robert"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000007', 'authenticated', 'authenticated', 'paul.lefebvre@client.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Paul Lefebvre"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000011', 'authenticated', 'authenticated', 'camille.moreau@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Camille Moreau"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000012', 'authenticated', 'authenticated', 'hugo.laurent@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Hugo Laurent"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000013', 'authenticated', 'authenticated', 'ines.garcia@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Inès Garcia"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000014', 'authenticated', 'authenticated', 'thomas.roux@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Thomas Roux"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000015', 'authenticated', 'authenticated', 'nina.fontaine@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Nina Fontaine"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000016', 'authenticated', 'authenticated', 'lucas.girard@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Lucas Girard"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000017', 'authenticated', 'authenticated', 'emilie.blanc@client.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Émilie Blanc"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000021', 'authenticated', 'authenticated', 'alex.morel@comptoir.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Alex Morel"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000031', 'authenticated', 'authenticated', 'operateur@comptoir.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Opérateur Comptoir"}', now() - interval '200 days', now(), '', '', '', '');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), u.created_at, now()
  from auth.users u
 where u.id::text like '019a8f00-0000-7000-8000-%';

insert into public.memberships (tenant_id, user_id, role, created_at)
values
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000001', 'owner', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000002', 'admin', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000003', 'manager', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000004', 'sales', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000005', 'technician', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000006', 'member', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000007', 'client', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000011', 'owner', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000012', 'admin', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000013', 'manager', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000014', 'sales', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000015', 'technician', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000016', 'member', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000017', 'client', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000021', 'manager', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000021', 'sales', now() - interval '180 days');

insert into private.platform_operators (user_id) values ('019a8f00-0000-7000-8000-000000000031');

-- Pending invitations (the emailed tokens are not known: these show in the team page only).
insert into public.invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
values
  ('019a8f00-1000-7000-8000-000000000001', 'nouveau.mecanicien@garage-du-centre.test', 'technician',
   encode(extensions.digest('demo-invitation-garage', 'sha256'), 'hex'), '019a8f00-0000-7000-8000-000000000001', now() + interval '5 days'),
  ('019a8f00-2000-7000-8000-000000000001', 'stagiaire@studio-pixel.test', 'member',
   encode(extensions.digest('demo-invitation-studio', 'sha256'), 'hex'), '019a8f00-0000-7000-8000-000000000011', now() + interval '6 days');

update public.profiles set phone = '+33612345678' where user_id = '019a8f00-0000-7000-8000-000000000001';
update public.profiles set phone = '+33698765432' where user_id = '019a8f00-0000-7000-8000-000000000011';

-- CRM (F3): companies and contacts of both demo tenants -----------------------------------------
-- Deterministic (no random()): every value is derived from the row number, so `db:reset` always
-- rebuilds the same data. SIREN/SIRET carry a valid Luhn key (computed below), VAT numbers their
-- French key, phones are French numbers in E.164, addresses are in real towns around Lyon (the
-- garage's customers: fleets, taxis, trades) and Nantes (the agency's: shops, restaurants,
-- firms). Ids are UUIDv7-shaped: 019a8f00-<tenant><table>-7000-8000-<row>. Owners are spread over
-- each tenant's staff, sales logins included (they see only their own contacts).
create function pg_temp.complete_luhn(p_digits text) returns text
  language sql immutable
as $$ select p_digits || c::text from generate_series(0, 9) c where private.is_valid_luhn(p_digits || c::text) limit 1 $$;

create function pg_temp.slugify(p_text text) returns text
  language sql immutable
as $$
  select trim(both '-' from regexp_replace(
    translate(lower(p_text), 'àâäáãçéèêëíìîïñóòôöõúùûüýÿœ''’', 'aaaaaceeeeiiiinooooouuuuyyo  '), '[^a-z0-9]+', '-', 'g'))
$$;

create temporary table seed_crm_tenant (
  tenant_id uuid, code text, salt integer, companies integer, contacts integer, area_code text,
  sectors text[], kinds text[], places text[], towns text[], postcodes text[], streets text[], tags text[],
  owners uuid[], custom_keys text[]
);
insert into seed_crm_tenant values
  ('019a8f00-1000-7000-8000-000000000001', '1', 1000003, 220, 340, '4',
   array['Transport routier', 'Taxi et VTC', 'Ambulances', 'Bâtiment et travaux publics', 'Plomberie et chauffage',
         'Électricité générale', 'Auto-école', 'Livraison urbaine', 'Location de véhicules', 'Paysagisme',
         'Agence immobilière', 'Menuiserie'],
   array['Transports', 'Taxis', 'Ambulances', 'Bâtiment', 'Plomberie', 'Électricité', 'Auto-école', 'Livraisons',
         'Location', 'Jardins', 'Immobilier', 'Menuiserie'],
   array['du Rhône', 'Bellecour', 'de la Croix-Rousse', 'des Canuts', 'Saint-Jean', 'de Fourvière', 'du Confluent',
         'des Monts d''Or', 'de la Part-Dieu', 'du Beaujolais', 'Lumière', 'de Gerland'],
   array['Lyon', 'Lyon', 'Lyon', 'Villeurbanne', 'Vénissieux', 'Caluire-et-Cuire', 'Bron', 'Vaulx-en-Velin',
         'Saint-Priest', 'Écully', 'Oullins', 'Décines-Charpieu', 'Meyzieu', 'Givors', 'Villefranche-sur-Saône'],
   array['69003', '69007', '69008', '69100', '69200', '69300', '69500', '69120', '69800', '69130', '69600', '69150',
         '69330', '69700', '69400'],
   array['rue de la République', 'avenue Jean Jaurès', 'cours Lafayette', 'rue Garibaldi', 'avenue Berthelot',
         'rue Paul Bert', 'boulevard des Belges', 'rue de Créqui', 'quai Saint-Vincent', 'route de Vienne',
         'avenue Franklin Roosevelt', 'rue Marietton'],
   array['Flotte', 'Particulier', 'VIP', 'Contrat entretien', 'Relance', 'Pneus hiver'],
   array['019a8f00-0000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000002',
         '019a8f00-0000-7000-8000-000000000003', '019a8f00-0000-7000-8000-000000000004',
         '019a8f00-0000-7000-8000-000000000004', '019a8f00-0000-7000-8000-000000000021',
         '019a8f00-0000-7000-8000-000000000005', '019a8f00-0000-7000-8000-000000000006']::uuid[],
   array['immatriculation', 'vehicules', 'prochaine_revision']),
  ('019a8f00-2000-7000-8000-000000000001', '2', 2000029, 200, 320, '2',
   array['Restauration', 'Commerce de détail', 'Éditeur de logiciels', 'Cabinet d''avocats', 'Architecture',
         'Hôtellerie', 'Viticulture', 'Association', 'Bien-être', 'Artisanat d''art', 'Édition', 'Événementiel'],
   array['Restaurant', 'Boutique', 'Studio', 'Cabinet', 'Atelier', 'Hôtel', 'Domaine', 'Association', 'Institut',
         'Maison', 'Éditions', 'Agence'],
   array['de l''Erdre', 'Graslin', 'du Bouffay', 'de la Fosse', 'Feydeau', 'des Machines', 'de Trentemoult',
         'Océane', 'du Muscadet', 'Atlantique', 'de Loire', 'Commerce'],
   array['Nantes', 'Nantes', 'Nantes', 'Saint-Herblain', 'Rezé', 'Orvault', 'Saint-Sébastien-sur-Loire',
         'Carquefou', 'Vertou', 'La Baule-Escoublac', 'Saint-Nazaire', 'Angers', 'Rennes', 'Clisson', 'Pornic'],
   array['44000', '44100', '44300', '44800', '44400', '44700', '44230', '44470', '44120', '44500', '44600', '49000',
         '35000', '44190', '44210'],
   array['rue Crébillon', 'quai de la Fosse', 'boulevard Guist''hau', 'rue du Calvaire', 'rue de Strasbourg',
         'cours des 50 Otages', 'rue Kervégan', 'allée Baco', 'rue Scribe', 'boulevard de la Prairie au Duc',
         'rue de la Paix', 'avenue de la Libération'],
   array['Prospect', 'Client', 'Site web', 'Identité visuelle', 'Réseaux sociaux', 'VIP'],
   array['019a8f00-0000-7000-8000-000000000011', '019a8f00-0000-7000-8000-000000000012',
         '019a8f00-0000-7000-8000-000000000013', '019a8f00-0000-7000-8000-000000000014',
         '019a8f00-0000-7000-8000-000000000014', '019a8f00-0000-7000-8000-000000000021',
         '019a8f00-0000-7000-8000-000000000015', '019a8f00-0000-7000-8000-000000000016']::uuid[],
   array['budget', 'source', 'date_lancement']);

create temporary table seed_crm_name (n integer, last_name text, first_name text);
insert into seed_crm_name
select row_number() over (order by (i * 31 + j * 17) % 2557, i, j) - 1, l, f
  from unnest(array['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
    'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent',
    'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
    'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas',
    'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
    'Benali', 'Nguyen', 'Haddad', 'Da Silva', 'Le Gall', 'Kerbrat', 'Traoré']) with ordinality l(l, i)
  join unnest(array['Camille', 'Julien', 'Sophie', 'Nicolas', 'Marie', 'Thomas', 'Léa', 'Hugo', 'Chloé', 'Lucas',
    'Manon', 'Antoine', 'Emma', 'Maxime', 'Inès', 'Pierre', 'Sarah', 'Mathieu', 'Laura', 'Alexandre', 'Céline',
    'Romain', 'Julie', 'Guillaume', 'Élodie', 'Baptiste', 'Aurélie', 'Kévin', 'Pauline', 'Florian', 'Nadia',
    'Karim', 'Yasmine', 'Mehdi', 'Fatima', 'Jean-Pierre', 'Françoise', 'Philippe', 'Isabelle', 'Olivier',
    'Gaëlle', 'Yann', 'Anne-Sophie', 'Loïc', 'Maëlys', 'Théo']) with ordinality f(f, j) on true
;

insert into public.companies (id, tenant_id, name, siren, siret, vat_number, email, phone, website, address_line1,
  postal_code, city, country, sector, size, tags, owner_id, notes, created_at, updated_at)
select c.id, t.tenant_id, c.name,
       case when c.has_siren then c.siren end,
       case when c.has_siren then pg_temp.complete_luhn(c.siren || lpad((1 + c.i % 37)::text, 4, '0')) end,
       case when c.has_siren then 'FR' || lpad(((12 + 3 * (c.siren::bigint % 97)) % 97)::text, 2, '0') || c.siren end,
       'contact@' || c.slug || '.fr',
       '+33' || t.area_code || lpad(((c.i * 7919 + t.salt) % 100000000)::text, 8, '0'),
       case when c.i % 4 <> 3 then 'https://www.' || c.slug || '.fr' end,
       (1 + (c.i * 7) % 148)::text || ' ' || t.streets[1 + (c.i * 5) % cardinality(t.streets)],
       t.postcodes[1 + c.town], t.towns[1 + c.town], 'FR',
       t.sectors[1 + c.sector], (array['1-9', '1-9', '1-9', '10-49', '10-49', '50-249', '250-999', '1000+'])[1 + (c.i * 3) % 8],
       case when c.i % 3 = 0 then array[t.tags[1 + c.i % cardinality(t.tags)]]
            when c.i % 5 = 0 then array[t.tags[1 + c.i % cardinality(t.tags)], t.tags[1 + (c.i + 2) % cardinality(t.tags)]]
            else '{}' end,
       t.owners[1 + c.i % cardinality(t.owners)],
       case when c.i % 6 = 0 then 'Client depuis ' || (2015 + c.i % 10)::text || '. Préfère être contacté le matin.' end,
       now() - make_interval(days => 30 + (c.i * 13) % 700), now() - make_interval(days => (c.i * 11) % 30)
  from seed_crm_tenant t
  cross join lateral (
    select i,
           ('019a8f00-' || t.code || '100-7000-8000-' || lpad(to_hex(i + 1), 12, '0'))::uuid as id,
           t.kinds[1 + (i * 7) % cardinality(t.kinds)] || ' ' ||
             case when i % 2 = 0 then (select n.last_name from seed_crm_name n where n.n = (i * 37 + t.salt) % 2557)
                  else t.places[1 + (i * 5) % cardinality(t.places)] end
             || case when i >= 96 then ' ' || t.towns[1 + (i * 3) % cardinality(t.towns)] else '' end as name,
           (i * 7) % cardinality(t.kinds) as sector,
           (i * 3) % cardinality(t.towns) as town,
           i % 9 <> 8 as has_siren,
           pg_temp.complete_luhn(lpad(((i * 7919 + t.salt) % 90000000 + 10000000)::text, 8, '0')) as siren,
           pg_temp.slugify(t.kinds[1 + (i * 7) % cardinality(t.kinds)] || ' ' ||
             case when i % 2 = 0 then (select n.last_name from seed_crm_name n where n.n = (i * 37 + t.salt) % 2557)
                  else t.places[1 + (i * 5) % cardinality(t.places)] end) || '-' || i::text as slug
      from generate_series(0, t.companies - 1) i
  ) c;

insert into public.contacts (id, tenant_id, first_name, last_name, email, phone, mobile, company_id, job_title,
  address_line1, postal_code, city, country, tags, custom_fields, consent_marketing, consent_marketing_at,
  processing_basis, owner_id, notes, last_contacted_at, created_at, updated_at)
select ('019a8f00-' || t.code || '200-7000-8000-' || lpad(to_hex(k.i + 1), 12, '0'))::uuid, t.tenant_id,
       n.first_name, n.last_name,
       case when k.i % 10 <> 9 then
         pg_temp.slugify(n.first_name) || '.' || pg_temp.slugify(n.last_name) || k.i::text || '@'
         || coalesce(substr(co.email, 9), case when k.i % 2 = 0 then 'gmail.com' else 'orange.fr' end) end,
       case when co.id is not null and k.i % 3 <> 0 then co.phone end,
       '+33' || (6 + k.i % 2)::text || lpad(((k.i * 104729 + t.salt) % 100000000)::text, 8, '0'),
       co.id,
       case when co.id is not null then (array['Gérant', 'Co-gérant', 'Responsable flotte', 'Directeur administratif et financier',
         'Assistant de direction', 'Comptable', 'Responsable achats', 'Fondateur', 'Responsable marketing',
         'Chargé de communication', 'Office manager', 'Chef de projet'])[1 + k.i % 12] end,
       case when co.id is null then (1 + k.i % 90)::text || ' ' || t.streets[1 + (k.i * 3) % cardinality(t.streets)] end,
       coalesce(co.postal_code, t.postcodes[1 + (k.i * 7) % cardinality(t.postcodes)]),
       coalesce(co.city, t.towns[1 + (k.i * 7) % cardinality(t.towns)]), 'FR',
       case when k.i % 4 = 0 then array[t.tags[1 + k.i % cardinality(t.tags)]] else '{}' end,
       case when k.i % 5 = 0 then jsonb_build_object(t.custom_keys[1], case when t.code = '1'
              then to_jsonb(chr(65 + k.i % 26) || chr(65 + (k.i * 7) % 26) || '-' || lpad((k.i % 1000)::text, 3, '0')
                   || '-' || chr(65 + (k.i * 3) % 26) || chr(65 + (k.i * 11) % 26))
              else to_jsonb(1000 * (1 + k.i % 40)) end,
              t.custom_keys[2], case when t.code = '1' then to_jsonb(1 + k.i % 12) else to_jsonb('Salon'::text) end)
            else '{}' end,
       k.i % 3 = 0, case when k.i % 3 = 0 then now() - make_interval(days => 10 + k.i % 200) end,
       case when k.i % 3 = 0 then 'consent' when co.id is not null then 'contract' else 'legitimate_interest' end,
       t.owners[1 + (k.i * 3) % cardinality(t.owners)],
       case when k.i % 7 = 0 then 'Rencontré au salon ' || t.towns[1 + k.i % 3] || '. À rappeler en ' ||
         (array['janvier', 'mars', 'juin', 'septembre', 'novembre'])[1 + k.i % 5] || '.' end,
       case when k.i % 4 <> 1 then now() - make_interval(days => (k.i * 17) % 180) end,
       now() - make_interval(days => 20 + (k.i * 19) % 600), now() - make_interval(days => (k.i * 7) % 20)
  from seed_crm_tenant t
  cross join lateral generate_series(0, t.contacts - 1) k(i)
  join seed_crm_name n on n.n = (k.i * 53 + t.salt) % 2557
  left join public.companies co
    on k.i % 8 <> 7 and co.id = ('019a8f00-' || t.code || '100-7000-8000-' || lpad(to_hex(1 + (k.i * 13) % t.companies), 12, '0'))::uuid;

drop table seed_crm_tenant, seed_crm_name;
