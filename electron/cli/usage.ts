/** What every command prints through: two lines of output, nothing else of process.* (tests call runCli directly). */
/** Where a command writes, and (for --password-stdin) where it reads. */
export type Io = { out: (s: string) => void; err: (s: string) => void; readStdin?: () => Promise<string> };

/** A wrong command line: one line on stderr, exit code 2. */
export class UsageError extends Error {}

export const HELP = `mrd — Model Risk Desk on the command line

Usage: mrd --db FILE <command> [options]
       mrd --db postgres://user@host:5432/database [--password-stdin] <command> [options]
                                      every command but restore runs on a team database too
                                      (or MRD_DATABASE_URL; the password from --password-stdin,
                                      PGPASSWORD or ~/.pgpass, never on the command line)

Commands:
  seed-demo [--models N] [--seed S]   write a deterministic demo portfolio, with two years of
                                      history, into an empty database (N from 1 to 20000,
                                      default 200; S a whole number, default 42)
  models list [--json]                list the inventory with each model's rating
                                      (JSON: every inventory field and "rating", null if unassessed)
  reviews due [--within DAYS] [--json]
                                      models due for review within DAYS (default 90), overdue
                                      and unassessed first: model, band, due date, status, reason
  ingest --model REF FILE [--format F]
                                      import a monitoring export (evidently, nannyml, prometheus,
                                      grafana-csv, mlflow-run, mlflow-csv, generic-csv; detected when --format
                                      is left out; generic CSVs stream in constant memory)
  findings list [--json]              the findings register (monitoring and by hand): model, kind,
                                      severity, finding, window, owner, due date, remediation, file
  audit verify [--against REPORT.pdf] check the hash chain of the audit log and the heads anchored
                                      outside it (at every report, backup and restore); with
                                      --against, that the chain still extends the head the report
                                      was built on; exit 1 naming what is broken or missing
  report portfolio --out FILE.pdf [--as-of DATE] [--business-unit BU] [--status S] [--tag T]
  report model REF --out FILE.pdf [--as-of DATE]
                                      write a PDF report as the data stood at the end of DATE
                                      (YYYY-MM-DD, default today, UTC) and register it (SHA-256);
                                      the same data and date give the same bytes
  backup --out FILE                   a consistent copy of the database, checked (integrity_check)
  restore FILE                        put a backup in the database's place (the current files are
                                      moved aside, after a safety backup if they are healthy);
                                      refused while another process has the database open
  profile show                        who this computer's commands act as (the local profile)
  profile set --name NAME --role ROLE [--confirmed-by LEAD]
                                      act as NAME (risk_officer, review_lead, auditor), as
                                      Settings › Profile does: an existing person is switched to,
                                      a new one created; a role granted needs another review
                                      lead's confirmation whenever one exists
  team init                           (--db postgres://…) create the schema in an empty team
                                      database; refused if the database holds anything
  team migrate [--out DUMP]           apply this version's newer migrations, after a pg_dump
                                      of the database (to DUMP, by default in this folder)
  team status                         the schema versions of the database and of this mrd, and
                                      which side to upgrade (exit 1 when they differ)
  team import FILE                    move a one-computer portfolio (its whole audit history
                                      included) into an empty team database, verified on arrival
  team add-user LOGIN --role ROLE --name NAME
                                      (administrators) create the PostgreSQL login, or adopt an
                                      existing one, as a person of the team: risk_officer,
                                      review_lead, auditor or admin; the server authenticates it
  team set-role LOGIN --role ROLE     give a person another role (the database's grants follow)
  team disable LOGIN | team enable LOGIN
                                      stop a login signing in (its entry and history stay), or
                                      let it again
  team list [--json]                  the team's directory: login, name, role, enabled
  backup --out FILE                   on a team database: a consistent SQLite copy of the
                                      portfolio (one snapshot) that the app opens
  help                                show this text

Read commands (models list, reviews due, findings list, audit verify, profile show) open the
database read-only: they work on a copy in a folder you may not write. The others act as the
local profile the app uses (Settings › Profile), with its role.

Exit code 0 on success; otherwise one line on stderr and a non-zero code
(2 for a wrong command line, 1 when the command itself failed).`;

export const intOption = (value: string | undefined, name: string, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
};

/** Columns padded to their widest cell; the last column is left as it is. */
export const textTable = (header: string[], rows: string[][]): string => {
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  return lines.map((l) => l.map((c, i) => (i < l.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd()).join('\n');
};

/** `--json` prints the value as indented JSON; otherwise the command's table. */
export const print = (io: Io, json: boolean | undefined, value: unknown, table: () => string): void => io.out(json ? JSON.stringify(value, null, 2) : table());
