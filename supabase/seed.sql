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

-- ================================================================================================
-- V1 field sales: opportunities, stage history, activities, tasks, comments, notifications -------
-- Deterministic like the CRM section (every value derives from the row number). The default
-- pipeline stages were created with each tenant (trigger). Opportunities are spread over the
-- stages and owners (the sales logins most), with amounts, close dates in the coming months and
-- won/lost ones with their reasons. Their stage history walks the pipeline from creation to the
-- current stage; the trigger-written history and system activities (stamped now()) are replaced
-- by dated ones. Activities (2–6 per opportunity, and on contacts) cover the past 60 days; tasks
-- are overdue, due today, upcoming or done; comments carry @mentions, whose notifications (and
-- those of tasks assigned to someone else) the triggers write.
-- Ids: 019a8f00-<tenant><table>-7000-8000-<row> with <table> 300 opportunities, 400/410/420
-- activities (system, on opportunities, on contacts), 500 tasks, 600 comments, 800 history.
-- ================================================================================================
create temporary table seed_sales_tenant (
  tenant_id uuid, code text, companies integer, contacts integer, owners uuid[], managers uuid[],
  titles text[], next_steps text[], tags text[], task_titles text[], comment_bodies text[], min_cents bigint, step_cents bigint
);
insert into seed_sales_tenant values
  ('019a8f00-1000-7000-8000-000000000001', '1', 220, 340,
   array['019a8f00-0000-7000-8000-000000000004', '019a8f00-0000-7000-8000-000000000004',
         '019a8f00-0000-7000-8000-000000000021', '019a8f00-0000-7000-8000-000000000004',
         '019a8f00-0000-7000-8000-000000000003', '019a8f00-0000-7000-8000-000000000021',
         '019a8f00-0000-7000-8000-000000000004', '019a8f00-0000-7000-8000-000000000001',
         '019a8f00-0000-7000-8000-000000000004']::uuid[],
   array['019a8f00-0000-7000-8000-000000000003', '019a8f00-0000-7000-8000-000000000001']::uuid[],
   array['Entretien flotte', 'Pneus hiver', 'Contrat utilitaires', 'Révision annuelle du parc', 'Carrosserie après sinistre',
         'Contrôle technique flotte', 'Forfait vidange et freins', 'Location longue durée utilitaires'],
   array['Rappeler pour valider le devis', 'Envoyer la proposition chiffrée', 'Planifier un essai du véhicule de prêt',
         'Relancer par e-mail', 'Visite du dépôt pour inventaire du parc', 'Faire signer le contrat d''entretien'],
   array['Flotte', 'Pneus', 'Utilitaires', 'Urgent', 'Contrat cadre'],
   array['Rappeler le responsable flotte', 'Envoyer le devis pneus hiver', 'Préparer le contrat utilitaires',
         'Relancer la facture pro forma', 'Planifier la visite du dépôt', 'Vérifier le stock de pneus 215/65 R16',
         'Confirmer le créneau atelier', 'Mettre à jour la liste des véhicules'],
   array['peux-tu valider la remise de 8 % sur le contrat flotte ?', 'le client veut un véhicule de prêt pendant la révision, on a de la dispo ?',
         'j''ai eu le gérant au téléphone, il compare avec Norauto. On en parle demain ?',
         'devis envoyé ce matin, il attend le retour de son comptable.'],
   150000, 50000),
  ('019a8f00-2000-7000-8000-000000000001', '2', 200, 320,
   array['019a8f00-0000-7000-8000-000000000014', '019a8f00-0000-7000-8000-000000000014',
         '019a8f00-0000-7000-8000-000000000021', '019a8f00-0000-7000-8000-000000000014',
         '019a8f00-0000-7000-8000-000000000013', '019a8f00-0000-7000-8000-000000000021',
         '019a8f00-0000-7000-8000-000000000014', '019a8f00-0000-7000-8000-000000000011']::uuid[],
   array['019a8f00-0000-7000-8000-000000000013', '019a8f00-0000-7000-8000-000000000011']::uuid[],
   array['Site vitrine', 'Campagne réseaux sociaux', 'Identité visuelle', 'Refonte du site e-commerce',
         'Campagne print pour le salon', 'Charte graphique', 'Newsletter mensuelle', 'Shooting photo produits'],
   array['Présenter les maquettes', 'Envoyer la proposition commerciale', 'Atelier de cadrage à planifier',
         'Relancer après la présentation', 'Valider le planning de production', 'Récupérer les contenus du client'],
   array['Site web', 'Social', 'Branding', 'Print', 'Récurrent'],
   array['Envoyer les maquettes V2', 'Préparer l''atelier de cadrage', 'Relancer pour les contenus',
         'Chiffrer la campagne Instagram', 'Appeler pour le retour sur le logo', 'Planifier le shooting',
         'Envoyer le planning de production', 'Faire le point sur le budget'],
   array['tu peux regarder les maquettes avant l''envoi ?', 'le client trouve la proposition un peu chère, on ajuste le périmètre ?',
         'rendez-vous calé jeudi à 10 h à leur boutique, tu viens ?', 'ils veulent démarrer avant le salon de mars.'],
   200000, 100000);

-- Opportunities: i % 10 picks the stage (0–1 prospect, 2–3 contact, 4 and 9 interest, 5 demo,
-- 6 proposal, 7 won, 8 lost); `path` is the sequence of stage positions the history walks.
create temporary table seed_sales_opportunity as
select t.code, t.tenant_id, o.i,
       ('019a8f00-' || t.code || '300-7000-8000-' || lpad(to_hex(o.i + 1), 12, '0'))::uuid as id,
       o.target, o.path,
       now() - make_interval(days => 15 + (o.i * 37) % 120, hours => (o.i * 5) % 9) as created_at,
       t.owners[1 + o.i % cardinality(t.owners)] as owner_id,
       ('019a8f00-' || t.code || '100-7000-8000-' || lpad(to_hex(1 + (o.i * 7) % t.companies), 12, '0'))::uuid as company_id
  from seed_sales_tenant t
 cross join lateral (
   select i, s.target,
          case when s.target = 6 then array(select generate_series(0, i % 4)) || 6
               else array(select generate_series(0, s.target)) end as path
     from generate_series(0, 39) i
    cross join lateral (select (array[0, 0, 1, 1, 2, 3, 4, 5, 6, 2])[1 + i % 10] as target) s
 ) o;

-- Each history entry: entry j of n, evenly spread between creation and (nearly) now.
create temporary table seed_sales_history as
select o.code, o.tenant_id, o.i, o.id as opportunity_id, e.j, cardinality(o.path) as n, o.owner_id,
       case when e.j > 1 then o.path[e.j - 1] end as from_position, o.path[e.j] as to_position,
       o.created_at + (now() - interval '1 day' - o.created_at) * (e.j - 1) / cardinality(o.path) as changed_at
  from seed_sales_opportunity o
 cross join lateral generate_subscripts(o.path, 1) e(j);

insert into public.opportunities (id, tenant_id, title, company_id, contact_id, amount_cents, currency, stage_id,
  probability, expected_close_date, owner_id, source, next_step, loss_reason, tags, notes, stage_entered_at, closed_at,
  created_at, updated_at)
select o.id, o.tenant_id,
       t.titles[1 + o.i % cardinality(t.titles)] || ' — ' || co.name,
       o.company_id,
       (select c.id from public.contacts c where c.company_id = o.company_id order by c.id limit 1),
       t.min_cents + ((o.i * 7919) % 40) * t.step_cents, 'EUR', s.id,
       case when o.i % 9 = 4 and s.kind = 'open' then 35 end,
       case when s.kind = 'open' then current_date + (5 + (o.i * 11) % 150)
            else (last.changed_at)::date end,
       o.owner_id,
       (array['website', 'referral', 'cold_call', 'event', 'partner', 'inbound', 'other'])[1 + o.i % 7],
       case when s.kind = 'open' then t.next_steps[1 + o.i % cardinality(t.next_steps)] end,
       case when s.kind = 'lost' then (array['Prix trop élevé par rapport à la concurrence', 'Parti chez un concurrent',
         'Budget reporté à l''an prochain', 'Pas de réponse après trois relances'])[1 + o.i % 4] end,
       case when o.i % 3 = 0 then array[t.tags[1 + o.i % cardinality(t.tags)]] else '{}' end,
       case when o.i % 4 = 0 then 'Décideur : le gérant. Rappeler plutôt en fin de matinée.' end,
       last.changed_at,
       case when s.kind <> 'open' then last.changed_at end,
       o.created_at, last.changed_at
  from seed_sales_opportunity o
  join seed_sales_tenant t on t.code = o.code
  join public.companies co on co.id = o.company_id
  join public.pipeline_stages s on s.tenant_id = o.tenant_id and s.position = o.target and s.key is not null
  join seed_sales_history last on last.opportunity_id = o.id and last.j = last.n;

-- Replace what the triggers wrote at now() with the dated history and system activities.
delete from public.opportunity_stage_history h using seed_sales_tenant t where h.tenant_id = t.tenant_id;
delete from public.activities a using seed_sales_tenant t where a.tenant_id = t.tenant_id;

insert into public.opportunity_stage_history (id, tenant_id, opportunity_id, from_stage_id, to_stage_id, changed_by,
  changed_at, created_at, updated_at)
select ('019a8f00-' || h.code || '800-7000-8000-' || lpad(to_hex(h.i * 8 + h.j), 12, '0'))::uuid, h.tenant_id,
       h.opportunity_id, sf.id, st.id, h.owner_id, h.changed_at, h.changed_at, h.changed_at
  from seed_sales_history h
  join public.pipeline_stages st on st.tenant_id = h.tenant_id and st.key is not null and st.position = h.to_position
  left join public.pipeline_stages sf on sf.tenant_id = h.tenant_id and sf.key is not null and sf.position = h.from_position;

insert into public.activities (id, tenant_id, kind, occurred_at, company_id, contact_id, opportunity_id, details,
  owner_id, created_at, updated_at)
select ('019a8f00-' || h.code || '400-7000-8000-' || lpad(to_hex(h.i * 8 + h.j), 12, '0'))::uuid, h.tenant_id,
       case when h.j = 1 then 'created' else 'stage_change' end, h.changed_at, o.company_id, o.contact_id, o.id,
       case when h.j = 1 then jsonb_build_object('to_stage_id', st.id)
            else jsonb_build_object('from_stage_id', sf.id, 'to_stage_id', st.id) end,
       h.owner_id, h.changed_at, h.changed_at
  from seed_sales_history h
  join public.opportunities o on o.id = h.opportunity_id
  join public.pipeline_stages st on st.tenant_id = h.tenant_id and st.key is not null and st.position = h.to_position
  left join public.pipeline_stages sf on sf.tenant_id = h.tenant_id and sf.key is not null and sf.position = h.from_position;

-- Logged activities on opportunities (2–6 each) and on contacts, over the past 60 days. The
-- trigger moves each contact's last_contacted_at forward.
create temporary table seed_sales_activity_text (kind text, n integer, subject text, body text, outcome text, minutes integer);
insert into seed_sales_activity_text values
  ('call', 0, 'Appel de suivi', 'Intéressé, attend le devis détaillé avant de décider.', 'reached', 12),
  ('call', 1, 'Relance téléphonique', 'Messagerie : message laissé, rappeler jeudi.', 'voicemail', 2),
  ('call', 2, 'Appel entrant', 'Demande un rappel en fin de semaine, en réunion.', 'call_back', 4),
  ('call', 3, 'Appel de qualification', 'Pas de besoin pour le moment, contrat en cours ailleurs.', 'not_interested', 6),
  ('email', 0, 'Envoi de la proposition', 'Proposition envoyée avec les conditions de paiement à 30 jours.', null, null),
  ('email', 1, 'Réponse aux questions', 'Précisions envoyées sur les délais et la garantie.', null, null),
  ('meeting', 0, 'Rendez-vous de présentation', 'Présentation faite au gérant et à son associé, bon accueil.', 'done', 60),
  ('meeting', 1, 'Point d''avancement', 'Le client ne s''est pas présenté, rendez-vous à replanifier.', 'no_show', 30),
  ('visit', 0, 'Visite sur site', 'Tour du site, inventaire des besoins et prise de photos.', 'done', 45),
  ('visit', 1, 'Passage en boutique', 'Rencontré la responsable, documentation laissée.', 'done', 20),
  ('note', 0, null, 'Décision attendue après le comité de direction du mois prochain.', null, null),
  ('note', 1, null, 'Sensible au délai de livraison plus qu''au prix.', null, null);

insert into public.activities (id, tenant_id, kind, outcome, duration_minutes, occurred_at, subject, body, company_id,
  contact_id, opportunity_id, owner_id, created_at, updated_at)
select ('019a8f00-' || o.code || '410-7000-8000-' || lpad(to_hex(o.i * 8 + m + 1), 12, '0'))::uuid, o.tenant_id,
       x.kind, x.outcome, x.minutes, a.at, x.subject, x.body, op.company_id, op.contact_id, o.id, o.owner_id, a.at, a.at
  from seed_sales_opportunity o
  join public.opportunities op on op.id = o.id
 cross join lateral generate_series(0, 1 + o.i % 5) m
 cross join lateral (select (array['call', 'email', 'meeting', 'visit', 'note', 'call'])[1 + (o.i + m) % 6] as kind,
                            now() - make_interval(days => 1 + (o.i * 3 + m * 11) % 58, hours => 1 + (o.i + m) % 8) as at) a
  join seed_sales_activity_text x on x.kind = a.kind and x.n = (o.i + m) % (case a.kind when 'call' then 4 else 2 end);

insert into public.activities (id, tenant_id, kind, outcome, duration_minutes, occurred_at, subject, body, company_id,
  contact_id, owner_id, created_at, updated_at)
select ('019a8f00-' || t.code || '420-7000-8000-' || lpad(to_hex(k * 4 + m + 1), 12, '0'))::uuid, t.tenant_id,
       x.kind, x.outcome, x.minutes, a.at, x.subject, x.body, c.company_id, c.id, c.owner_id, a.at, a.at
  from seed_sales_tenant t
 cross join lateral generate_series(0, 59) k
  join public.contacts c on c.id = ('019a8f00-' || t.code || '200-7000-8000-' || lpad(to_hex(1 + k * 5), 12, '0'))::uuid
 cross join lateral generate_series(0, k % 3) m
 cross join lateral (select (array['call', 'email', 'visit', 'note', 'call', 'meeting'])[1 + (k + m * 2) % 6] as kind,
                            now() - make_interval(days => (k * 7 + m * 13) % 60, hours => 2 + (k + m) % 6) as at) a
  join seed_sales_activity_text x on x.kind = a.kind and x.n = (k + m) % 2
 where c.owner_id is not null;

-- Tasks: about a third overdue or due today, some done; assigned mostly to the sales logins (a
-- task assigned by someone else notifies its assignee).
insert into public.tasks (id, tenant_id, title, description, due_at, remind_at, priority, status, assignee_id,
  completed_at, company_id, contact_id, opportunity_id, owner_id, created_at, updated_at)
select ('019a8f00-' || t.code || '500-7000-8000-' || lpad(to_hex(k + 1), 12, '0'))::uuid, t.tenant_id,
       t.task_titles[1 + k % cardinality(t.task_titles)],
       case when k % 3 = 0 then 'Voir l''historique des échanges avant d''appeler.' end,
       case k % 6 when 0 then date_trunc('day', now()) - make_interval(days => 1 + k % 5) + interval '10 hours'
                  when 1 then date_trunc('day', now()) + interval '17 hours'
                  else date_trunc('day', now()) + make_interval(days => 1 + (k * 3) % 20) + interval '9 hours' end,
       case when k % 6 = 1 then date_trunc('day', now()) + interval '16 hours 30 minutes' end,
       (array['normal', 'high', 'normal', 'low', 'urgent', 'normal'])[1 + k % 6],
       case when k % 5 = 4 then 'done' when k % 5 = 3 then 'in_progress' else 'todo' end,
       t.owners[1 + (k * 3) % cardinality(t.owners)],
       case when k % 5 = 4 then now() - make_interval(days => k % 4, hours => 3) end,
       o.company_id, o.contact_id, case when k % 4 <> 3 then o.id end,
       t.managers[1 + k % 2],
       now() - make_interval(days => 3 + k % 10), now() - make_interval(days => k % 3)
  from seed_sales_tenant t
 cross join lateral generate_series(0, 29) k
  join public.opportunities o on o.id = ('019a8f00-' || t.code || '300-7000-8000-' || lpad(to_hex(1 + (k * 3) % 40), 12, '0'))::uuid;

-- Comments with @mentions on opportunities: the author is the opportunity's owner, the mention
-- a manager (or the owner of the tenant when the author is that manager).
insert into public.comments (id, tenant_id, record_table, record_id, body, mentions, owner_id, created_at, updated_at)
select ('019a8f00-' || t.code || '600-7000-8000-' || lpad(to_hex(k + 1), 12, '0'))::uuid, t.tenant_id,
       'opportunities', o.id, '@' || p.display_name || ' ' || t.comment_bodies[1 + k % cardinality(t.comment_bodies)],
       array[mentioned.id], o.owner_id,
       now() - make_interval(days => k % 12, hours => k % 7), now() - make_interval(days => k % 12, hours => k % 7)
  from seed_sales_tenant t
 cross join lateral generate_series(0, 11) k
  join public.opportunities o on o.id = ('019a8f00-' || t.code || '300-7000-8000-' || lpad(to_hex(1 + (k * 5) % 40), 12, '0'))::uuid
 cross join lateral (select case when o.owner_id = t.managers[1] then t.managers[2] else t.managers[1] end as id) mentioned
  join public.profiles p on p.user_id = mentioned.id;

-- The triggers stamped the notifications now(): date them like their comment or task, and mark
-- the older half read.
update public.notifications n
   set created_at = c.created_at, updated_at = c.created_at,
       read_at = case when c.created_at < now() - interval '4 days' then c.created_at + interval '2 hours' end
  from public.comments c
 where n.kind = 'mention' and n.record_id = c.record_id and n.excerpt = left(c.body, 200)
   and c.tenant_id in (select tenant_id from seed_sales_tenant);
update public.notifications n
   set created_at = k.created_at, updated_at = k.created_at,
       read_at = case when k.status = 'done' then k.completed_at end
  from public.tasks k
 where n.kind = 'task_assigned' and n.record_id = k.id and k.tenant_id in (select tenant_id from seed_sales_tenant);

drop table seed_sales_tenant, seed_sales_opportunity, seed_sales_history, seed_sales_activity_text;
