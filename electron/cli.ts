import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toErrorData } from '../shared/errors';
import type { Model } from '../shared/model';
import { createRuntime, recoveryMarker } from './runtime';
import { seedDemo } from './services/demo';
import { listModels, ratingsByRef } from '../db/queries/models';
import { verifyAudit } from '../db/audit';
import type { ReviewRow } from '../shared/contract';
import { dispatch } from './handlers';
import { mappingsOf, rulesOf } from './handlers/monitoring';
import { processFile } from './services/monitoring/ingest';
import { rememberMapping } from './services/jobs/tasks';
import { inTransaction } from '../db/client';
import { listFindings } from '../db/queries/monitoring';
import { monitoringFormats, type MonitoringFormat } from '../shared/monitoring';
import type { Band } from '../shared/matrix';
import { actorOf, profileOf } from './handlers/context';
import { appendAudit } from '../db/audit';
import { backupTo, checkFile, makeBackup, restoreBackup } from '../db/backup';
import { diagnose } from '../db/safety';
import { generateReport } from './services/reports/generate';
import { reportRequestSchema } from '../shared/reports';

export const HELP = `mrd — Model Risk Desk on the command line

Usage: mrd --db FILE <command> [options]

Commands:
  seed-demo [--models N] [--seed S]   write a deterministic demo portfolio into an empty database
                                      (N from 1 to 20000, default 200; S a whole number, default 42)
  models list [--json]                list the inventory with each model's rating
                                      (JSON: every inventory field and "rating", null if unassessed)
  reviews due [--within DAYS] [--json]
                                      models due for review within DAYS (default 90), overdue
                                      and unassessed first: model, band, due date, status, reason
  ingest --model REF FILE [--format F]
                                      import a monitoring export (evidently, nannyml, prometheus,
                                      grafana-csv, mlflow-run, mlflow-csv, generic-csv; detected when --format
                                      is left out; generic CSVs stream in constant memory)
  findings list [--json]              monitoring findings: model, category, severity, metric,
                                      time window, status, source file
  audit verify                        check the hash chain of the audit log; exit 1 naming
                                      the first broken entry
  report portfolio --out FILE.pdf [--as-of DATE] [--business-unit BU] [--status S] [--tag T]
  report model REF --out FILE.pdf [--as-of DATE]
                                      write a PDF report as the data stood at the end of DATE
                                      (YYYY-MM-DD, default today, UTC) and register it (SHA-256);
                                      the same data and date give the same bytes
  backup --out FILE                   a consistent copy of the database, checked (integrity_check)
  restore FILE                        put a backup in the database's place (the current files are
                                      moved aside, after a safety backup if they are healthy)
  help                                show this text

Exit code 0 on success; otherwise one line on stderr and a non-zero code
(2 for a wrong command line, 1 when the command itself failed).`;

export class UsageError extends Error {}

type Io = { out: (s: string) => void; err: (s: string) => void };

const intOption = (value: string | undefined, name: string, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
};

type ListedModel = Model & { rating: Band | null };

const table = (models: ListedModel[]): string => {
  const cols: [string, (m: ListedModel) => string][] = [
    ['REF', (m) => m.ref],
    ['NAME', (m) => m.name],
    ['VERSION', (m) => m.version],
    ['STATUS', (m) => m.status],
    ['TIER', (m) => String(m.tier)],
    ['BUSINESS UNIT', (m) => m.businessUnit],
    ['OWNER', (m) => m.owner],
    ['RATING', (m) => m.rating?.name ?? 'unassessed'],
  ];
  const rows = [cols.map(([h]) => h), ...models.map((m) => cols.map(([, f]) => f(m)))];
  const widths = cols.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

const reviewTable = (rows: { ref: string; band: string | null; due: string | null; status: string; reason: string }[]): string => {
  const lines = [['REF', 'BAND', 'DUE', 'STATUS', 'REASON'], ...rows.map((r) => [r.ref, r.band ?? '—', r.due ?? '—', r.status, r.reason])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ')).join('\n');
};

const findingsTable = (rows: { ref: string; category: string; severity: string; metric: string; from: string; to: string; status: string; file: string }[]): string => {
  if (rows.length === 0) return 'No findings.';
  const lines = [['REF', 'CATEGORY', 'SEVERITY', 'METRIC', 'WINDOW', 'STATUS', 'FILE'], ...rows.map((r) => [r.ref, r.category, r.severity, r.metric, `${r.from.slice(0, 10)}..${r.to.slice(0, 10)}`, r.status, r.file])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

/** Runs one command line; returns the exit code. Pure of process.* so tests call it directly. */
type Values = { db?: string | undefined; out?: string | undefined; 'as-of'?: string | undefined; 'business-unit'?: string | undefined; status?: string | undefined; tag?: string | undefined; [k: string]: unknown };

/** The first of these options given on the command line (each check names it in its message). */
const firstGiven = <K extends string>(values: Values, names: readonly K[]): K | undefined => names.find((k) => values[k] !== undefined);

/** `mrd report portfolio|model REF --out FILE.pdf`: rendered in this process, registered like the app's. */
const runReport = async (values: Values, positionals: string[], io: Io): Promise<number> => {
  const [, kind, ref, ...rest] = positionals;
  if (kind !== 'portfolio' && kind !== 'model') {
    io.err('mrd: report needs portfolio or model REF (see mrd --help)');
    return 2;
  }
  if ((kind === 'model' && (!ref || rest.length)) || (kind === 'portfolio' && ref)) {
    io.err(kind === 'model' ? 'mrd: report model needs exactly one model reference' : `mrd: report portfolio takes no argument, got "${ref}"`);
    return 2;
  }
  if (!values.out) {
    io.err('mrd: report needs --out FILE.pdf');
    return 2;
  }
  const other = firstGiven(values, ['models', 'seed', 'within', 'model', 'format', 'json']);
  if (other) {
    io.err(`mrd: --${other} does not belong to report`);
    return 2;
  }
  if (kind === 'model' && (values['business-unit'] || values.status || values.tag)) {
    io.err('mrd: --business-unit, --status and --tag scope a portfolio report, not a model report');
    return 2;
  }
  let runtime;
  try {
    runtime = createRuntime(resolve(values.db!));
    const ctx = runtime.ctx;
    const asked = reportRequestSchema.safeParse({
      kind,
      ...(ref ? { ref } : {}),
      asOf: values['as-of'] ?? ctx.now().toISOString().slice(0, 10),
      scope: { ...(values['business-unit'] ? { businessUnit: values['business-unit'] } : {}), ...(values.status ? { status: values.status } : {}), ...(values.tag ? { tag: values.tag } : {}) },
    });
    if (!asked.success) {
      const issue = asked.error.issues[0]!;
      const flag = ({ asOf: '--as-of', ref: 'REF', scope: `--${String(issue.path[1] ?? '').replace('businessUnit', 'business-unit')}` } as Record<string, string>)[String(issue.path[0])] ?? String(issue.path[0]);
      io.err(`mrd: ${flag}: ${issue.message}`);
      return 2;
    }
    const profile = profileOf(ctx);
    const author = profile ? { name: profile.name, role: profile.role } : { name: 'system', role: 'auditor' as const };
    const out = resolve(values.out);
    const r = await generateReport(ctx.db, { request: asked.data, author, generatedAt: ctx.now(), fonts: ctx.fonts, outPath: out });
    io.out(`Wrote ${values.out}: ${r.register.pages} pages, ${r.register.models} model${r.register.models === 1 ? '' : 's'}, as of ${r.register.asOf}, SHA-256 ${r.register.sha256} (register #${r.register.id})`);
    return 0;
  } catch (e) {
    io.err(`mrd: ${toErrorData(e).message}`);
    return 1;
  } finally {
    runtime?.close();
  }
};

/**
 * `mrd backup --out FILE`: a consistent, checked copy (VACUUM INTO, integrity_check, rename).
 * `mrd restore FILE`: puts a checked copy in the database's place; the current files, if any,
 * are moved aside (after a safety backup when they are healthy), never deleted.
 */
const runBackup = (values: Values, positionals: string[], io: Io): number => {
  const [command, file, ...rest] = positionals;
  const other = firstGiven(values, ['models', 'seed', 'within', 'model', 'format', 'json', 'as-of', 'business-unit', 'status', 'tag']);
  if (other) {
    io.err(`mrd: --${other} does not belong to ${command}`);
    return 2;
  }
  if (command === 'backup' && (file || !values.out)) {
    io.err(file ? `mrd: backup takes no argument (got "${file}"); name the copy with --out FILE` : 'mrd: backup needs --out FILE');
    return 2;
  }
  if (command === 'restore' && (!file || rest.length || values.out)) {
    io.err('mrd: restore needs exactly one FILE (a backup) and no --out');
    return 2;
  }
  const dbPath = resolve(values.db!);
  let runtime;
  try {
    if (command === 'backup') {
      runtime = createRuntime(dbPath);
      const info = backupTo(runtime.ctx.db.$client, resolve(values.out!));
      appendAudit(runtime.ctx.db, { actor: actorOf(runtime.ctx), action: 'backup', entity: 'database', entityId: info.name, after: { file: info.file, bytes: info.bytes }, at: runtime.ctx.now() });
      io.out(`Backed up ${values.db} to ${values.out} (${info.bytes} bytes, integrity_check ok)`);
      return 0;
    }
    const now = new Date();
    let safety: string | null = null;
    if (existsSync(dbPath) && !existsSync(recoveryMarker(dbPath)) && diagnose(dbPath) === null) {
      runtime = createRuntime(dbPath);
      safety = makeBackup(runtime.ctx.db.$client, dbPath, 'before-restore', now, runtime.ctx.backupsDir).file;
      runtime.close();
      runtime = undefined;
    }
    const { replacedMovedTo } = restoreBackup(dbPath, resolve(file!), now, (f) => checkFile(f));
    rmSync(recoveryMarker(dbPath), { force: true });
    runtime = createRuntime(dbPath);
    appendAudit(runtime.ctx.db, { actor: actorOf(runtime.ctx), action: 'restore', entity: 'database', entityId: file!, after: { restoredFrom: resolve(file!), safetyBackup: safety, replacedMovedTo }, at: now });
    io.out(`Restored ${values.db} from ${file}${replacedMovedTo ? `; the previous files are in ${replacedMovedTo}` : ''}${safety ? ` (safety backup ${safety})` : ''}`);
    return 0;
  } catch (e) {
    io.err(`mrd: ${toErrorData(e).message}`);
    return 1;
  } finally {
    runtime?.close();
  }
};

/** Every command but `report` runs synchronously and returns its exit code; `report` returns a promise of it. */
export const runCli = (argv: string[], io: Io): number | Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        models: { type: 'string' },
        seed: { type: 'string' },
        within: { type: 'string' },
        model: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'as-of': { type: 'string' },
        'business-unit': { type: 'string' },
        status: { type: 'string' },
        tag: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`mrd: ${(e as Error).message.split('\n')[0]} (see mrd --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  // `ingest` takes the file as its one argument; every other command is its words.
  const isIngest = positionals[0] === 'ingest';
  const command = isIngest ? 'ingest' : positionals.join(' ');
  if (values.help || command === 'help' || command === '') {
    if (command === '' && !values.help) {
      io.err('mrd: no command given (see mrd --help)');
      return 2;
    }
    io.out(HELP);
    return 0;
  }
  if (!values.db) {
    io.err('mrd: --db FILE is required (the database to work on)');
    return 2;
  }
  if (positionals[0] === 'report') return runReport(values, positionals, io);
  if (positionals[0] === 'backup' || positionals[0] === 'restore') return runBackup(values, positionals, io);
  const reportOnly = firstGiven(values, ['as-of', 'business-unit', 'status', 'tag']);
  if (reportOnly || values.out !== undefined) {
    io.err(`mrd: --${reportOnly ?? 'out'} belongs to ${reportOnly ? 'report' : 'report and backup'}, not ${command}`);
    return 2;
  }
  const known = ['seed-demo', 'models list', 'audit verify', 'reviews due', 'ingest', 'findings list', 'report portfolio', 'report model REF', 'backup', 'restore'];
  if (!known.includes(command)) {
    io.err(`mrd: unknown command "${command}" (commands: ${known.join(', ')}; see mrd --help)`);
    return 2;
  }
  let runtime;
  try {
    const models = intOption(values.models, 'models', 1, 20_000, 200);
    const seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1, 42);
    if (command !== 'seed-demo' && (values.models !== undefined || values.seed !== undefined)) throw new UsageError(`--models and --seed belong to seed-demo, not ${command}`);
    if (command === 'ingest') {
      if (!values.model) throw new UsageError('ingest needs --model REF (the model the export belongs to)');
      if (positionals.length !== 2) throw new UsageError('ingest needs exactly one FILE');
      if (values.format !== undefined && !(monitoringFormats as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${monitoringFormats.join(', ')}, got "${values.format}"`);
    } else if (values.model !== undefined || values.format !== undefined) throw new UsageError(`--model and --format belong to ingest, not ${command}`);
    if (command !== 'models list' && command !== 'reviews due' && command !== 'findings list' && values.json) throw new UsageError(`--json belongs to models list, reviews due and findings list, not ${command}`);
    if (command !== 'reviews due' && values.within !== undefined) throw new UsageError(`--within belongs to reviews due, not ${command}`);
    const within = intOption(values.within, 'within', 0, 3660, 90);
    runtime = createRuntime(resolve(values.db), { dailyBackup: 'sync' });
    const ctx = runtime.ctx;
    if (command === 'seed-demo') {
      const created = seedDemo(ctx.db, { models, seed, actor: actorOf(ctx), now: ctx.now() });
      io.out(`Seeded ${created} demo models into ${values.db} (seed ${seed})`);
    } else if (command === 'reviews due') {
      const r = dispatch(ctx, 'reviews.list', { withinDays: within });
      if (!r.ok) throw new Error(r.error.message);
      const rows = (r.value as ReviewRow[]).sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.ref.localeCompare(b.ref));
      const out = rows.map((x) => ({ ref: x.ref, name: x.name, band: x.band?.name ?? null, due: x.due, status: x.status, reason: x.reason, reviewer: x.reviewer, plannedDate: x.plannedDate }));
      io.out(values.json ? JSON.stringify(out, null, 2) : reviewTable(out));
    } else if (command === 'ingest') {
      const file = positionals[1]!;
      if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`cannot read ${file}: no such file`);
      // Generic CSVs stream from disk in constant memory, whatever their size; the rest are read whole.
      const actor = actorOf(ctx);
      const r = inTransaction(ctx.db, () => {
        const done = processFile(ctx.db, { ref: values.model!, path: file, fileName: basename(file), format: values.format as MonitoringFormat | undefined, savedMappings: mappingsOf(ctx), actor, now: ctx.now(), rules: rulesOf(ctx) }, true);
        rememberMapping(ctx.db, actor, ctx.now(), done.columns, done.mapping);
        return done;
      });
      io.out(`Imported ${basename(file)} (${r.format}${r.detected && !values.format ? `, detected ${Math.round(r.confidence * 100)} %` : ''}) into ${values.model}: ${r.rows} values, ${r.metrics.length} metrics, ${r.timeFrom?.slice(0, 10) ?? '?'} to ${r.timeTo?.slice(0, 10) ?? '?'}, ${r.findingsCount} finding${r.findingsCount === 1 ? '' : 's'}`);
    } else if (command === 'findings list') {
      const all = listFindings(ctx.db, {});
      const out = all.map((f) => ({ ref: f.modelRef, category: f.category, severity: f.severity, metric: f.metric, feature: f.feature, from: f.windowFrom, to: f.windowTo, status: f.status, file: f.fileName, suggestedProbability: f.probability }));
      io.out(values.json ? JSON.stringify(out, null, 2) : findingsTable(out));
    } else if (command === 'audit verify') {
      const r = verifyAudit(ctx.db);
      if (!r.ok) {
        io.err(`mrd: audit chain broken at entry ${r.brokenAt}: ${r.reason} (${r.count} entries verified before it)`);
        return 1;
      }
      io.out(`Audit chain intact: ${r.count} entries, head ${r.head}`);
    } else {
      const ratings = ratingsByRef(ctx.db);
      const list = listModels(ctx.db).map((m) => ({ ...m, rating: ratings.get(m.ref) ?? null }));
      io.out(values.json ? JSON.stringify(list, null, 2) : table(list));
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mrd: ${e.message}`);
      return 2;
    }
    io.err(`mrd: ${toErrorData(e).message}`);
    return 1;
  } finally {
    runtime?.close();
  }
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `mrd models list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  void Promise.resolve(
    runCli(process.argv.slice(2), {
      out: (s) => process.stdout.write(`${s}\n`),
      err: (s) => process.stderr.write(`${s}\n`),
    }),
  ).then((code) => (process.exitCode = code));
}
