import { resolve } from 'node:path';
import type { Run } from '../commands';
import { UsageError } from '../usage';

/**
 * `mrd --db postgres://… team init | team migrate [--out DUMP] | team status`: the team
 * database's schema. The URL comes from --db or MRD_DATABASE_URL; a password from the URL's
 * own, PGPASSWORD or ~/.pgpass (libpq's rules, which pg follows).
 */
const admin = async (url: string) => {
  const a = await import('../../../db/pg/admin');
  if (!a.isPostgresUrl(url)) throw new UsageError('team commands work on a team database: --db postgres://user@host:5432/database (or MRD_DATABASE_URL)');
  return a;
};

export const init: Run = async ({ values, io, layout }) => {
  const { redactUrl, teamInit } = await admin(values.db!);
  const s = await teamInit(values.db!, new Date(), layout?.pgMigrationsFolder);
  io.out(`Created the Model Risk Desk schema (version ${s.serverVersion}) in ${redactUrl(values.db!)}`);
  return 0;
};

export const migrate: Run = async ({ values, io, layout }) => {
  const url = values.db!;
  const { redactUrl, teamMigrate } = await admin(url);
  {
    const dump = resolve((values.out as string | undefined) ?? `mrd-pre-migrate-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
    const r = await teamMigrate(url, dump, layout?.pgMigrationsFolder);
    io.out(r.dump ? `Migrated ${redactUrl(url)} from schema version ${r.from} to ${r.to}; dump taken first: ${r.dump}` : `${redactUrl(url)} is at schema version ${r.to}, as this Model Risk Desk: nothing to migrate`);
    return 0;
  }
};

export const status: Run = async ({ values, io, layout }) => {
  const url = values.db!;
  const { redactUrl, teamStatus } = await admin(url);
  const s = await teamStatus(url, layout?.pgMigrationsFolder);
  io.out(`Team database ${redactUrl(url)}: schema version ${s.serverVersion}; this Model Risk Desk: version ${s.clientVersion}${s.mismatch ? ` — ${s.mismatch}` : ' — in step'}`);
  return s.mismatch ? 1 : 0;
};
