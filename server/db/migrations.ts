import type { Database } from './database';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Versioned schema changes, applied in order at start. Never edit a shipped one: add the
 * next. Each spells out its values (the tier ladder of migration 1 is the default catalogue
 * as it shipped), so a later change to a constant cannot change what an old migration did.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tiers (
  id text PRIMARY KEY,
  name text NOT NULL,
  rank integer NOT NULL UNIQUE,
  colour text NOT NULL,
  short_label text NOT NULL
);
INSERT INTO tiers (id, name, rank, colour, short_label) VALUES
  ('member', 'Member', 0, '#6b7280', 'MBR'),
  ('silver', 'Silver', 1, '#8a96a3', 'SLV'),
  ('gold', 'Gold', 2, '#b8860b', 'GLD'),
  ('platinum', 'Platinum', 3, '#5b6f8a', 'PLT'),
  ('diamond', 'Diamond', 4, '#1d6fb8', 'DMD'),
  ('concierge', 'Concierge', 5, '#6d28d9', 'CON');

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  time_zone text NOT NULL DEFAULT 'UTC',
  first_response_minutes integer NOT NULL DEFAULT 15,
  day_ends_at text NOT NULL DEFAULT '24:00',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid NOT NULL REFERENCES teams(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  loyalty_number text NOT NULL UNIQUE,
  name text NOT NULL,
  tier_id text NOT NULL REFERENCES tiers(id),
  tier_since date NOT NULL DEFAULT CURRENT_DATE,
  home_airport text,
  preferred_channel text NOT NULL DEFAULT 'email',
  language text NOT NULL DEFAULT 'en',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  network text NOT NULL CHECK (network IN ('x', 'facebook')),
  handle text NOT NULL CHECK (handle = lower(handle)),
  source text NOT NULL CHECK (source IN ('import', 'link')),
  created_by uuid REFERENCES agents(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network, handle)
);
CREATE INDEX member_identities_member ON member_identities (member_id);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid NOT NULL REFERENCES teams(id),
  network text NOT NULL,
  handle text NOT NULL,
  member_id uuid REFERENCES members(id),
  subject text NOT NULL,
  post_url text,
  status text NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id uuid REFERENCES agents(id),
  assigned_at timestamptz,
  opened_by uuid REFERENCES agents(id),
  opened_at timestamptz NOT NULL,
  first_response_due_at timestamptz NOT NULL,
  first_responded_at timestamptz,
  resolution_due_at timestamptz NOT NULL,
  resolved_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX cases_team_status ON cases (team_id, status, resolution_due_at);
CREATE INDEX cases_open_identity ON cases (team_id, network, handle) WHERE status <> 'resolved';
CREATE INDEX cases_member ON cases (member_id);

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  author_id uuid NOT NULL REFERENCES agents(id),
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_case ON notes (case_id, created_at);

CREATE TABLE handoffs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  from_team_id uuid NOT NULL REFERENCES teams(id),
  to_team_id uuid NOT NULL REFERENCES teams(id),
  created_by uuid NOT NULL REFERENCES agents(id),
  reason text NOT NULL DEFAULT '',
  preferred_channel text,
  transcript jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'accepted', 'resolved', 'cancelled')),
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX handoffs_inbox ON handoffs (to_team_id, created_at);
CREATE INDEX handoffs_sent ON handoffs (from_team_id, created_at);
CREATE INDEX handoffs_case ON handoffs (case_id);

CREATE TABLE idempotency_keys (
  agent_id uuid NOT NULL REFERENCES agents(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, key)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  agent_id uuid REFERENCES agents(id),
  team_id uuid REFERENCES teams(id),
  action text NOT NULL,
  member_id uuid,
  network text,
  handle text,
  detail jsonb
);
CREATE INDEX audit_log_member ON audit_log (member_id, at);
`,
  },
  {
    version: 2,
    name: 'idempotent responses kept verbatim, keys purged by age',
    sql: `
ALTER TABLE idempotency_keys ALTER COLUMN response TYPE text USING response::text;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX members_loyalty_number_upper ON members (upper(loyalty_number));
`,
  },
  {
    version: 3,
    name: 'lookup as one function with a cached plan',
    // The lookup hot path: planning its joins cost more than running them (each plan asks
    // the storage for every relation's size). A PL/pgSQL function keeps one generic plan per
    // connection, and one call answers members and open cases for the whole batch.
    sql: `
CREATE FUNCTION lookup_identities(team uuid, wanted json) RETURNS json
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $body$
DECLARE
  result json;
BEGIN
  WITH q AS (
    SELECT w.network, w.handle FROM json_to_recordset(wanted) AS w(network text, handle text)
  )
  SELECT json_build_object(
    'members', (
      SELECT json_agg(json_build_object('network', i.network, 'handle', i.handle,
               'member_id', m.id, 'member_name', m.name, 'tier_id', m.tier_id, 'tier_since', m.tier_since::text,
               'loyalty_number', m.loyalty_number, 'home_airport', m.home_airport,
               'preferred_channel', m.preferred_channel, 'language', m.language))
        FROM q JOIN member_identities i ON i.network = q.network AND i.handle = q.handle
        JOIN members m ON m.id = i.member_id
    ),
    'cases', (
      SELECT json_agg(json_build_object('network', c.network, 'handle', c.handle,
               'id', c.id, 'status', c.status, 'assignee_id', c.assignee_id, 'assignee_name', a.name,
               'assigned_at', c.assigned_at, 'opened_at', c.opened_at,
               'first_response_due_at', c.first_response_due_at, 'resolution_due_at', c.resolution_due_at)
             ORDER BY c.opened_at DESC)
        FROM q JOIN cases c ON c.team_id = team AND c.network = q.network AND c.handle = q.handle AND c.status <> 'resolved'
        LEFT JOIN agents a ON a.id = c.assignee_id
    )
  ) INTO result;
  RETURN result;
END
$body$;
`,
  },
  {
    version: 4,
    name: 'accounts, Console sessions, sign-in attempts; the handoff inbox and its history',
    sql: `
ALTER TABLE agents ADD COLUMN email text;
ALTER TABLE agents ADD COLUMN role text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'lead', 'admin'));
ALTER TABLE agents ADD COLUMN password_hash text;
CREATE UNIQUE INDEX agents_email ON agents (lower(email));

CREATE TABLE console_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_agent ON console_sessions (agent_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

CREATE TABLE sign_in_failures (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  email text NOT NULL,
  client text NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client, at);

ALTER TABLE handoffs DROP CONSTRAINT handoffs_status_check;
ALTER TABLE handoffs ADD CONSTRAINT handoffs_status_check CHECK (status IN ('sent', 'accepted', 'resolved', 'sent_back', 'cancelled'));
ALTER TABLE handoffs ADD COLUMN arrived_at timestamptz;
ALTER TABLE handoffs ADD COLUMN first_response_due_at timestamptz;
UPDATE handoffs h SET arrived_at = h.created_at,
  first_response_due_at = h.created_at + make_interval(mins => (SELECT t.first_response_minutes FROM teams t WHERE t.id = h.to_team_id));
ALTER TABLE handoffs ALTER COLUMN arrived_at SET NOT NULL;
ALTER TABLE handoffs ALTER COLUMN first_response_due_at SET NOT NULL;
ALTER TABLE handoffs ADD COLUMN accepted_by uuid REFERENCES agents(id);
ALTER TABLE handoffs ADD COLUMN accepted_at timestamptz;
ALTER TABLE handoffs ADD COLUMN resolved_by uuid REFERENCES agents(id);
ALTER TABLE handoffs ADD COLUMN resolved_at timestamptz;
ALTER TABLE handoffs ADD COLUMN outcome text;
ALTER TABLE handoffs ADD COLUMN sent_back_reason text;
ALTER TABLE handoffs ADD COLUMN inbox_due_at timestamptz
  GENERATED ALWAYS AS (CASE WHEN status = 'sent' THEN first_response_due_at ELSE due_at END) STORED;
CREATE INDEX handoffs_inbox_open ON handoffs (to_team_id, inbox_due_at, id) WHERE status IN ('sent', 'accepted');
CREATE INDEX handoffs_inbox_due ON handoffs (to_team_id, inbox_due_at, id);
CREATE INDEX handoffs_inbox_status ON handoffs (to_team_id, status);

CREATE TABLE handoff_events (
  id bigserial PRIMARY KEY,
  handoff_id uuid NOT NULL REFERENCES handoffs(id),
  action text NOT NULL CHECK (action IN ('created', 'accepted', 'resolved', 'sent_back', 'reassigned', 'cancelled')),
  agent_id uuid NOT NULL REFERENCES agents(id),
  team_id uuid NOT NULL REFERENCES teams(id),
  at timestamptz NOT NULL DEFAULT now(),
  note text,
  to_team_id uuid REFERENCES teams(id)
);
CREATE INDEX handoff_events_handoff ON handoff_events (handoff_id, id);
INSERT INTO handoff_events (handoff_id, action, agent_id, team_id, at, note, to_team_id)
  SELECT id, 'created', created_by, from_team_id, created_at, NULLIF(reason, ''), to_team_id FROM handoffs;
`,
  },
  {
    version: 5,
    name: 'handoff counts per receiving team and status, kept by a trigger',
    // The inbox shows its counts on every page; counting a team's handoffs each time grows
    // with every handoff it ever received. The two counters a change touches are updated in
    // a fixed order, so concurrent changes cannot deadlock on them.
    sql: `
CREATE TABLE handoff_counts (
  team_id uuid NOT NULL REFERENCES teams(id),
  status text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (team_id, status)
);
INSERT INTO handoff_counts (team_id, status, n) SELECT to_team_id, status, count(*) FROM handoffs GROUP BY to_team_id, status;

CREATE FUNCTION count_handoff(team uuid, state text, delta integer) RETURNS void
LANGUAGE sql AS $body$
  INSERT INTO handoff_counts (team_id, status, n) VALUES (team, state, delta)
  ON CONFLICT (team_id, status) DO UPDATE SET n = handoff_counts.n + delta;
$body$;

CREATE FUNCTION keep_handoff_counts() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM count_handoff(NEW.to_team_id, NEW.status, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM count_handoff(OLD.to_team_id, OLD.status, -1);
  ELSIF (OLD.to_team_id, OLD.status) IS DISTINCT FROM (NEW.to_team_id, NEW.status) THEN
    IF (OLD.to_team_id::text, OLD.status) < (NEW.to_team_id::text, NEW.status) THEN
      PERFORM count_handoff(OLD.to_team_id, OLD.status, -1);
      PERFORM count_handoff(NEW.to_team_id, NEW.status, 1);
    ELSE
      PERFORM count_handoff(NEW.to_team_id, NEW.status, 1);
      PERFORM count_handoff(OLD.to_team_id, OLD.status, -1);
    END IF;
  END IF;
  RETURN NULL;
END
$body$;

CREATE TRIGGER handoffs_counted AFTER INSERT OR DELETE OR UPDATE OF status, to_team_id ON handoffs
  FOR EACH ROW EXECUTE FUNCTION keep_handoff_counts();

DROP INDEX handoffs_inbox_status;
`,
  },
  {
    version: 6,
    name: 'link ownership, failed link attempts, hourly audit of lookups and transcript reads',
    // A link belongs to the team that made it (only that team, a lead or an admin removes
    // it); failed attempts are counted in the database so the limit holds on every
    // replica; reads audited once per member, agent and hour carry a unique hourly key.
    sql: `
ALTER TABLE member_identities ADD COLUMN team_id uuid REFERENCES teams(id);
UPDATE member_identities i SET team_id = a.team_id FROM agents a WHERE a.id = i.created_by;

CREATE TABLE link_failures (
  id bigserial PRIMARY KEY,
  agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  at timestamptz NOT NULL
);
CREATE INDEX link_failures_agent ON link_failures (agent_id, at);

ALTER TABLE audit_log ADD COLUMN hourly_key text;
CREATE UNIQUE INDEX audit_log_hourly ON audit_log (hourly_key);
`,
  },
  {
    version: 8,
    name: 'browser sign-in: authorization codes, refresh-token families, access tokens, company sign-ins under way',
    // Every secret is kept as its SHA-256 only. A family is one sign-in of one browser: its
    // refresh tokens rotate, and revoking the family (reuse of a retired token, sign-out,
    // the agent revoked) ends its access tokens with it, checked in the database on every
    // request, so on every replica at once.
    sql: `
CREATE TABLE oauth_families (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES agents(id),
  client_id text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX oauth_families_agent ON oauth_families (agent_id) WHERE revoked_at IS NULL;

CREATE TABLE oauth_codes (
  code_hash text PRIMARY KEY,
  agent_id uuid NOT NULL REFERENCES agents(id),
  client_id text NOT NULL,
  redirect_uri text NOT NULL,
  code_challenge text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  family_id uuid REFERENCES oauth_families(id) ON DELETE SET NULL
);
CREATE INDEX oauth_codes_agent ON oauth_codes (agent_id);

CREATE TABLE oauth_refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES oauth_families(id) ON DELETE CASCADE,
  issued_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX oauth_refresh_tokens_family ON oauth_refresh_tokens (family_id);

CREATE TABLE oauth_access_tokens (
  token_hash text PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES oauth_families(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX oauth_access_tokens_family ON oauth_access_tokens (family_id);

CREATE TABLE oidc_logins (
  state_hash text PRIMARY KEY,
  browser_hash text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
`,
  },
  {
    version: 9,
    name: 'webhook endpoints, Slack and email notices, and their durable delivery outbox',
    // An event row and its deliveries are written in the transaction of the change (outbox);
    // the delivery worker claims due deliveries with a lease (FOR UPDATE SKIP LOCKED), so
    // replicas share the work and a crashed one's claims come free when its lease ends.
    sql: `
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid NOT NULL REFERENCES teams(id),
  kind text NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
  target text NOT NULL,
  events text[] NOT NULL,
  secret text,
  created_at timestamptz NOT NULL DEFAULT now(),
  failing_since timestamptz,
  disabled_at timestamptz
);
CREATE INDEX webhook_endpoints_team ON webhook_endpoints (team_id);
CREATE UNIQUE INDEX webhook_endpoints_notice ON webhook_endpoints (team_id, kind) WHERE kind <> 'webhook';

CREATE TABLE webhook_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (endpoint_id) WHERE status = 'failed';
`,
  },
  {
    version: 10,
    name: 'the dashboard: cases by team and opening or resolution time, and by assignee; the audit log append-only',
    // One index range per chart: cases opened or resolved in a period, and each agent's
    // open cases with those resolved today (resolved_at is NULL exactly while a case is open).
    // The audit log is evidence: the database itself refuses to change or remove its rows.
    sql: `
CREATE INDEX cases_team_opened ON cases (team_id, opened_at);
CREATE INDEX cases_team_resolved ON cases (team_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX cases_assignee_resolved ON cases (assignee_id, resolved_at);

CREATE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$body$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
`,
  },
  {
    version: 11,
    name: 'erasure of a member (GDPR article 17) and transcript retention',
    // An erased member stays as an anonymous tombstone (its tier only), so the cases and
    // handoffs about them still count on the dashboard. Old transcripts lose their words
    // under the retention setting; the partial index finds the ones still to clear.
    // The audit log stays append-only, with one exception: an erasure may clear the handle
    // (and the hourly key that repeats it) of an entry and change nothing else of it.
    sql: `
ALTER TABLE members ADD COLUMN erased_at timestamptz;
ALTER TABLE handoffs ADD COLUMN transcript_removed_at timestamptz;
CREATE INDEX handoffs_transcript_kept ON handoffs (created_at) WHERE transcript_removed_at IS NULL;

CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.network IS NULL AND NEW.handle IS NULL
     AND (NEW.hourly_key IS NULL OR NEW.hourly_key = OLD.hourly_key)
     AND (NEW.id, NEW.at, NEW.agent_id, NEW.team_id, NEW.action, NEW.member_id, NEW.detail)
         IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.agent_id, OLD.team_id, OLD.action, OLD.member_id, OLD.detail) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$body$;
`,
  },
  {
    version: 12,
    name: 'the per-agent request rate, shared by every replica',
    // Replicas on one PostgreSQL count each agent's requests in one place. Unlogged: the
    // rate is written on every request and worth nothing after a crash (the table is then
    // emptied, which gives every agent a full burst), so it costs no WAL and no fsync.
    sql: `
CREATE UNLOGGED TABLE agent_request_rate (
  agent_id uuid PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
  tat timestamptz NOT NULL
);
`,
  },
  {
    version: 13,
    name: 'the admin pages: when each agent last signed in; the audit log read by team, agent or action, newest first',
    // The audit log page pages newest first by (at, id) under one filter at a time; each
    // filter has its index range (the member's is audit_log_member, the whole log's audit_log_at).
    sql: `
ALTER TABLE agents ADD COLUMN last_sign_in_at timestamptz;
CREATE INDEX audit_log_team_at ON audit_log (team_id, at, id);
CREATE INDEX audit_log_agent_at ON audit_log (agent_id, at, id);
CREATE INDEX audit_log_action_at ON audit_log (action, at, id);
`,
  },
  {
    version: 14,
    name: 'post and transcript addresses: only https pages of the supported sites',
    // The contract now accepts only https pages of the supported sites (SitePageUrlSchema);
    // an address stored before (data:, javascript:, file:, http:, another host, a user
    // name or port after the host) is cleared, so what the server answers passes the same
    // schema. The hosts are the site registry's when this shipped.
    sql: `
UPDATE cases SET post_url = NULL
WHERE post_url IS NOT NULL
  AND NOT (length(post_url) <= 2048
    AND post_url ~ '^https://(x\\.com|twitter\\.com|mobile\\.x\\.com|mobile\\.twitter\\.com|www\\.facebook\\.com|web\\.facebook\\.com|business\\.facebook\\.com)([/?#][!-~]*)?$');

UPDATE handoffs SET transcript = (
  SELECT jsonb_agg(
    CASE
      WHEN jsonb_typeof(entry -> 'url') = 'string'
        AND NOT (length(entry ->> 'url') <= 2048
          AND (entry ->> 'url') ~ '^https://(x\\.com|twitter\\.com|mobile\\.x\\.com|mobile\\.twitter\\.com|www\\.facebook\\.com|web\\.facebook\\.com|business\\.facebook\\.com)([/?#][!-~]*)?$')
      THEN jsonb_set(entry, '{url}', 'null'::jsonb)
      ELSE entry
    END ORDER BY position)
  FROM jsonb_array_elements(handoffs.transcript) WITH ORDINALITY AS entries(entry, position)
)
WHERE EXISTS (
  SELECT 1 FROM jsonb_array_elements(handoffs.transcript) AS entries(entry)
  WHERE jsonb_typeof(entry -> 'url') = 'string'
    AND NOT (length(entry ->> 'url') <= 2048
      AND (entry ->> 'url') ~ '^https://(x\\.com|twitter\\.com|mobile\\.x\\.com|mobile\\.twitter\\.com|www\\.facebook\\.com|web\\.facebook\\.com|business\\.facebook\\.com)([/?#][!-~]*)?$')
);
`,
  },
  {
    version: 15,
    name: 'handoff targets chosen per team',
    // Until now every team handed off to every other team; each team starts with exactly
    // that, and an admin narrows it on the Teams page. A team never targets itself.
    sql: `
CREATE TABLE team_handoff_targets (
  team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  target_team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, target_team_id),
  CHECK (team_id <> target_team_id)
);
INSERT INTO team_handoff_targets (team_id, target_team_id)
  SELECT t.id, target.id FROM teams t JOIN teams target ON target.id <> t.id;
`,
  },
  {
    version: 16,
    name: 'default Silver and Concierge colours visible on light and dark pages',
    // The shipped Silver (#8a96a3) was 2.80:1 against light pages and Concierge (#6d28d9)
    // 2.32:1 against dark ones, under the 3:1 the Tiers page asks of a badge. Only a colour
    // still at its shipped default changes; one an admin chose stays.
    sql: `
UPDATE tiers SET colour = '#808b97' WHERE id = 'silver' AND lower(colour) = '#8a96a3';
UPDATE tiers SET colour = '#7f4be6' WHERE id = 'concierge' AND lower(colour) = '#6d28d9';
`,
  },
];

/** Applies pending migrations in one transaction; replicas starting together take turns. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7320510)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const done: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}

/**
 * Extended-protocol queries take one statement each. Statements end at `;` and a newline,
 * except inside a dollar-quoted function body; the migrations hold no `;` inside literals.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const token of sql.split(/(\$[a-z_]*\$|;\s*\n)/)) {
    if (/^\$[a-z_]*\$$/.test(token)) quote = quote === null ? token : quote === token ? null : quote;
    if (quote === null && /^;\s*\n$/.test(token)) {
      statements.push(current);
      current = '';
    } else {
      current += token;
    }
  }
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0);
}
