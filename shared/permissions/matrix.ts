/**
 * The permission matrix — data, one source of truth. resource × action × role → grant:
 *   allow     every row of the tenant
 *   own       rows the user owns (owner_id / user_id = the user)
 *   assigned  rows assigned to the user (assignee)
 *   deny      nothing
 *
 * The UI reads it to hide what a role cannot do. The database enforces the same matrix: the
 * rows are copied into private.permission_grants by a generated migration
 * (`npm run gen:permissions`), RLS policies ask private.tenants_with(resource, action, grants),
 * and a DB test fails if the table and this file ever disagree.
 *
 * Derived from seed 001's RBAC matrix (Full → allow, View → read only, Assigned → assigned,
 * Personal/Own → own, ❌ → deny), extended with the tenancy tables. Resources with a `table`
 * are enforced by RLS and covered cell by cell by the generated RLS tests; the others are
 * feature gates until their tables land (each feature issue adds its table and tests).
 *
 * Besides the tenant roles the matrix has a `support` column: what the platform operator may do
 * while a tenant grants support access. It reads the business data and the team (to see what the
 * customer sees), never security data (audit log, invitations, support grants) nor secrets
 * (integrations), and never writes. `every()` and `only()` never hand it a tenant role's grant:
 * a resource opts in with `support: 'allow'`.
 */
import { MATRIX_ROLES, SUPPORT_ROLE, type MatrixRole, type TenantRole } from './roles.ts';

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

export const GRANTS = ['allow', 'own', 'assigned', 'deny'] as const;
export type Grant = (typeof GRANTS)[number];

export type ResourceRow = Readonly<Record<Action, Readonly<Record<MatrixRole, Grant>>>>;

export type ResourceDefinition = {
  /** Table in `public` whose RLS enforces this row, if any. */
  readonly table?: string;
  readonly description: string;
  readonly grants: ResourceRow;
};

/** Same grant for every tenant role, with per-role exceptions; `support` is denied unless listed. */
function every(grant: Grant, except: Partial<Record<MatrixRole, Grant>> = {}): Readonly<Record<MatrixRole, Grant>> {
  return Object.fromEntries(
    MATRIX_ROLES.map((role) => [role, except[role] ?? (role === SUPPORT_ROLE ? 'deny' : grant)]),
  ) as Record<MatrixRole, Grant>;
}

/** Only the listed tenant roles get `grant`; everyone else (support included) is denied. */
function only(grant: Grant, roles: readonly TenantRole[]): Readonly<Record<MatrixRole, Grant>> {
  return every('deny', Object.fromEntries(roles.map((role) => [role, grant])));
}

/** The support pseudo-role reads this resource (business data and the team). */
const SUPPORT_READS = { support: 'allow' } as const;

const FULL_FOR_OWNER_ADMIN = only('allow', ['owner', 'admin']);

/**
 * Garage tables (V2): every staff role reads, the workshop (technicians) and sales create and
 * update, managers and up delete. Clients read nothing until the portal links a client user to a
 * contact (then: their own vehicles).
 */
const GARAGE_GRANTS = {
  read: every('allow', { client: 'deny', ...SUPPORT_READS }),
  create: only('allow', ['owner', 'admin', 'manager', 'sales', 'technician']),
  update: only('allow', ['owner', 'admin', 'manager', 'sales', 'technician']),
  delete: only('allow', ['owner', 'admin', 'manager']),
} as const satisfies ResourceRow;

export const PERMISSIONS = {
  // Tenancy (F2) — enforced by RLS.
  tenants: {
    table: 'tenants',
    description: 'The company itself: identity, legal mentions, settings.',
    grants: {
      read: every('allow', SUPPORT_READS),
      // Created through create_tenant() (security definer), never by a direct insert.
      create: every('deny'),
      update: FULL_FOR_OWNER_ADMIN,
      delete: only('allow', ['owner']),
    },
  },
  memberships: {
    table: 'memberships',
    description: 'Who belongs to the tenant, with which role.',
    grants: {
      read: every('allow', { sales: 'own', member: 'own', client: 'own', ...SUPPORT_READS }),
      // Nobody adds a person directly: a membership needs that person's consent, so it is only
      // created by create_tenant (the founder) and accept_invitation (the invitee).
      create: every('deny'),
      update: FULL_FOR_OWNER_ADMIN,
      // Anyone may leave (own row); owners and admins remove others.
      delete: every('own', { owner: 'allow', admin: 'allow' }),
    },
  },
  invitations: {
    table: 'invitations',
    description: 'Pending, accepted, revoked and expired invitations.',
    grants: {
      read: FULL_FOR_OWNER_ADMIN,
      create: FULL_FOR_OWNER_ADMIN,
      update: FULL_FOR_OWNER_ADMIN,
      delete: FULL_FOR_OWNER_ADMIN,
    },
  },
  profiles: {
    table: 'profiles',
    description: 'Display name, avatar, phone, language of the people one works with.',
    grants: {
      // Staff see the profiles of people sharing a tenant; clients see their own only.
      read: every('allow', { client: 'own', ...SUPPORT_READS }),
      create: every('own'),
      update: every('own'),
      delete: every('deny'),
    },
  },
  audit_log: {
    table: 'audit_log',
    description: 'Append-only record of sensitive operations.',
    grants: { read: FULL_FOR_OWNER_ADMIN, create: every('deny'), update: every('deny'), delete: every('deny') },
  },
  support_access_grants: {
    table: 'support_access_grants',
    description: 'Time-limited read access granted to the platform operator for support.',
    grants: {
      read: FULL_FOR_OWNER_ADMIN,
      create: only('allow', ['owner']),
      update: only('allow', ['owner']),
      delete: every('deny'),
    },
  },

  // Feature gates from seed 001 (tables arrive with their features).
  dashboard: {
    description: 'Dashboards (Full / Team / Personal).',
    grants: {
      read: every('allow', { sales: 'own', member: 'own', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager']),
      update: only('allow', ['owner', 'admin', 'manager']),
      delete: only('allow', ['owner', 'admin', 'manager']),
    },
  },
  // CRM (F3) — enforced by RLS; synced to the PWA's replica (docs/sync.md).
  companies: {
    table: 'companies',
    description: 'Companies: clients, prospects and suppliers.',
    grants: {
      read: every('allow', { client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager', 'sales']),
      update: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
      delete: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
    },
  },
  contacts: {
    table: 'contacts',
    description: 'Contacts: people at client and prospect companies.',
    grants: {
      read: every('allow', { sales: 'own', member: 'own', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager', 'sales']),
      update: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
      delete: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
    },
  },
  // Field sales (V1) — enforced by RLS; synced to the PWA's replica (docs/sync.md).
  pipeline_stages: {
    table: 'pipeline_stages',
    description: 'Pipeline stages (columns of the pipeline, probabilities).',
    grants: {
      read: every('allow', { client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager']),
      update: only('allow', ['owner', 'admin', 'manager']),
      delete: only('allow', ['owner', 'admin', 'manager']),
    },
  },
  opportunities: {
    table: 'opportunities',
    description: 'Pipeline (opportunités); `assigned` is the opportunity’s owner.',
    grants: {
      read: every('allow', { member: 'assigned', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager', 'sales']),
      update: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
      delete: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own' }),
    },
  },
  opportunity_stage_history: {
    table: 'opportunity_stage_history',
    description: 'Stage history of opportunities, written by the server; read like the opportunity.',
    grants: {
      read: every('allow', { member: 'assigned', client: 'deny', ...SUPPORT_READS }),
      create: every('deny'),
      update: every('deny'),
      delete: every('deny'),
    },
  },
  activities: {
    table: 'activities',
    description: 'Calls, e-mails, meetings, visits and notes (own = the author).',
    grants: {
      read: every('allow', { member: 'own', client: 'deny', ...SUPPORT_READS }),
      create: every('allow', { member: 'deny', client: 'deny' }),
      update: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own', technician: 'own' }),
      delete: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', sales: 'own', technician: 'own' }),
    },
  },
  projects: {
    description: 'Projects and repair orders.',
    grants: {
      read: every('allow', { technician: 'assigned', member: 'assigned', client: 'own', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager']),
      update: every('deny', { owner: 'allow', admin: 'allow', manager: 'allow', technician: 'assigned' }),
      delete: only('allow', ['owner', 'admin', 'manager']),
    },
  },
  tasks: {
    table: 'tasks',
    description: 'Tasks; `assigned` is the assignee, `own` the creator.',
    grants: {
      read: every('allow', { technician: 'assigned', member: 'assigned', client: 'deny', ...SUPPORT_READS }),
      create: every('allow', { member: 'deny', client: 'deny' }),
      update: every('assigned', { owner: 'allow', admin: 'allow', manager: 'allow', client: 'deny' }),
      delete: only('allow', ['owner', 'admin', 'manager']),
    },
  },
  comments: {
    table: 'comments',
    description: 'Internal comments with @mentions (own = the author).',
    grants: {
      read: every('allow', { client: 'deny', ...SUPPORT_READS }),
      create: every('allow', { client: 'deny' }),
      // Clients read no comment, so they edit none either.
      update: every('own', { owner: 'allow', admin: 'allow', client: 'deny' }),
      delete: every('own', { owner: 'allow', admin: 'allow', client: 'deny' }),
    },
  },
  notifications: {
    table: 'notifications',
    description: 'In-app notifications, written by the server (own = the recipient).',
    grants: {
      read: every('own'),
      create: every('deny'),
      update: every('own'),
      delete: every('own'),
    },
  },
  scoring_models: {
    table: 'scoring_models',
    description: 'Scoring weights of the tenant (explainable, adjustable scoring).',
    grants: {
      read: every('allow', { client: 'deny', ...SUPPORT_READS }),
      create: FULL_FOR_OWNER_ADMIN,
      update: FULL_FOR_OWNER_ADMIN,
      delete: FULL_FOR_OWNER_ADMIN,
    },
  },
  // Invoicing (V3) — enforced by RLS; synced. Seed 001's "invoices" row: the resource is named
  // after its table, as the sync registry reads grants by table name (docs/sync.md).
  sales_documents: {
    table: 'sales_documents',
    description: 'Quotes, invoices, credit notes and deposit invoices (final ones are frozen).',
    grants: {
      // Clients will read their own finalised documents once a client user is linked to a
      // company or contact; until then they read none.
      read: every('allow', { member: 'deny', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager', 'sales']),
      update: only('allow', ['owner', 'admin', 'manager', 'sales']),
      // Drafts only: the database refuses to delete a finalised document, for everyone.
      delete: only('allow', ['owner', 'admin', 'manager', 'sales']),
    },
  },
  sales_document_lines: {
    table: 'sales_document_lines',
    description: 'Lines of sales documents; read and written like their documents.',
    grants: {
      read: every('allow', { member: 'deny', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager', 'sales']),
      update: only('allow', ['owner', 'admin', 'manager', 'sales']),
      delete: only('allow', ['owner', 'admin', 'manager', 'sales']),
    },
  },
  // Garage (V2) — enforced by RLS; synced. Tenant-wide: the whole workshop works on every car.
  vehicles: {
    table: 'vehicles',
    description: 'Customers’ vehicles (carte grise fields, current mileage, CT due date).',
    grants: GARAGE_GRANTS,
  },
  service_records: {
    table: 'service_records',
    description: 'Work done on a vehicle (service, repair, CT, tyres): its timeline.',
    grants: GARAGE_GRANTS,
  },
  mileage_readings: {
    table: 'mileage_readings',
    description: 'Odometer readings of a vehicle; anomalies flagged by the server.',
    grants: GARAGE_GRANTS,
  },
  reports: {
    description: 'Reports and forecasts (Full / Team / Personal).',
    grants: {
      read: every('allow', { sales: 'own', member: 'own', client: 'deny', ...SUPPORT_READS }),
      create: only('allow', ['owner', 'admin', 'manager']),
      update: only('allow', ['owner', 'admin', 'manager']),
      delete: only('allow', ['owner', 'admin', 'manager']),
    },
  },
  integrations: {
    description: 'API keys, webhooks and third-party integrations.',
    grants: {
      read: only('allow', ['owner', 'admin', 'technician']),
      create: only('allow', ['owner', 'admin']),
      update: only('allow', ['owner', 'admin', 'technician']),
      delete: only('allow', ['owner', 'admin']),
    },
  },
  ai_features: {
    description: 'AI assistance (scoring, drafts, summaries).',
    grants: {
      read: every('allow', { client: 'deny' }),
      create: every('allow', { member: 'deny', client: 'deny' }),
      update: every('deny'),
      delete: every('deny'),
    },
  },
  client_portal: {
    description: 'The client portal: managed by owners/admins, used by clients.',
    grants: {
      read: only('allow', ['owner', 'admin', 'client']),
      create: only('allow', ['owner', 'admin']),
      update: only('allow', ['owner', 'admin']),
      delete: only('allow', ['owner', 'admin']),
    },
  },
} as const satisfies Readonly<Record<string, ResourceDefinition>>;

export type Resource = keyof typeof PERMISSIONS;
export const RESOURCES = Object.keys(PERMISSIONS) as Resource[];

/** The grant a role (or the support pseudo-role) has for an action on a resource. */
export function getGrant(role: MatrixRole, resource: Resource, action: Action): Grant {
  return PERMISSIONS[resource].grants[action][role];
}

/** Whether the role may perform the action on at least some rows (UI: show the control). */
export function canAct(role: MatrixRole, resource: Resource, action: Action): boolean {
  return getGrant(role, resource, action) !== 'deny';
}

/** Resources enforced by RLS, with their table. */
export function listTableResources(): { resource: Resource; table: string }[] {
  return RESOURCES.flatMap((resource) => {
    const table = (PERMISSIONS[resource] as ResourceDefinition).table;
    return table ? [{ resource, table }] : [];
  });
}

export type MatrixCell = { resource: Resource; action: Action; role: MatrixRole; grant: Grant };

/** Every cell, in a stable order (resource, action, role; the support column last). */
export function listMatrixCells(): MatrixCell[] {
  return RESOURCES.flatMap((resource) =>
    ACTIONS.flatMap((action) =>
      MATRIX_ROLES.map((role) => ({ resource, action, role, grant: getGrant(role, resource, action) })),
    ),
  );
}
