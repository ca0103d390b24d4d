import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresUrl, passwordLine } from '../../shared/database';
import { toErrorData } from '../../shared/errors';
import { databaseError } from '../../db/pg/errors';
import { COMMANDS, findCommand, OPTIONS, type OptionName, type Values } from './commands';
import type { CliHost, CliLayout } from './host';
import { HELP, UsageError, type Io } from './usage';

export { HELP, UsageError, type Io } from './usage';

// --db and --password-stdin belong to every command (the database, and a team database's password).
const optionNames = Object.keys(OPTIONS).filter((k) => k !== 'db' && k !== 'help' && k !== 'password-stdin') as OptionName[];

/**
 * Runs one command line and resolves to its exit code. Pure of process.* so tests call it
 * directly; `bin/mrd.mjs` runs the built copy of this module. Only the command's own module is
 * loaded, so `mrd --help` answers without loading the database, the importers or pdfmake.
 */
/** --password-stdin: the first line of standard input (never an argument, where `ps` would show it). */
export const passwordFromStdin = async (io: Io): Promise<string> => {
  if (!io.readStdin) throw new UsageError('--password-stdin needs the password on standard input');
  const stdin = await io.readStdin();
  try {
    return passwordLine(stdin);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
};

export const runCli = async (argv: string[], io: Io, layout: CliLayout = {}, env: Record<string, string | undefined> = {}): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    io.err(`mrd: ${(e as Error).message.split('\n')[0]} (see mrd --help)`);
    return 2;
  }
  const { values, positionals } = parsed as { values: Values & { help?: boolean }; positionals: string[] };
  const words = positionals.join(' ');
  if (values.help || words === 'help') {
    io.out(HELP);
    return 0;
  }
  if (words === '') {
    io.err('mrd: no command given (see mrd --help)');
    return 2;
  }
  const found = findCommand(positionals);
  if (!found) {
    io.err(`mrd: unknown command "${words}" (commands: ${COMMANDS.map((c) => [c.words, ...c.args].join(' ')).join(', ')}; see mrd --help)`);
    return 2;
  }
  const { spec, args } = found;
  const stray = optionNames.find((k) => values[k] !== undefined && !spec.options.includes(k));
  if (stray) {
    const owners = COMMANDS.filter((c) => c.options.includes(stray)).map((c) => c.words);
    io.err(`mrd: --${stray} does not belong to ${spec.words} (it belongs to ${[...new Set(owners)].join(', ')})`);
    return 2;
  }
  if (args.length !== spec.args.length) {
    io.err(spec.args.length === 0 ? `mrd: ${spec.words} takes no argument, got "${args.join(' ')}"` : `mrd: ${spec.words} needs exactly one ${spec.args.join(' ')}${args.length ? `, got ${args.length}` : ''}`);
    return 2;
  }
  values.db ??= env.MRD_DATABASE_URL;
  if (!values.db) {
    io.err('mrd: --db FILE is required (the database to work on; postgres://… for a team database)');
    return 2;
  }
  const team = isPostgresUrl(values.db);
  if (team ? spec.access === 'swap' : spec.access === 'team') {
    io.err(team ? `mrd: ${spec.words} puts a file in place of a database file; a team database is restored by its administrator with pg_restore (mrd backup --out makes an offline copy)` : `mrd: ${spec.words} works on a team database: --db postgres://user@host:5432/database (or MRD_DATABASE_URL)`);
    return 2;
  }
  if (!team && values['password-stdin']) {
    io.err('mrd: --password-stdin is for a team database (--db postgres://…); a database file has no password');
    return 2;
  }
  let host: Promise<CliHost> | null = null;
  const dbPath = team ? values.db : resolve(values.db);
  try {
    // The host (database, handlers) loads only for a command that runs.
    const [{ run }, { openCliHost }] = await Promise.all([team && spec.teamLoad ? spec.teamLoad() : spec.load(), import('./host')]);
    const password = team && values['password-stdin'] ? await passwordFromStdin(io) : undefined;
    return await run({ values, args, io, layout, ...(password !== undefined ? { password } : {}), open: () => (host ??= openCliHost(dbPath, spec.access === 'team' ? 'read' : spec.access, layout, password)) });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mrd: ${e.message}`);
      return 2;
    }
    io.err(`mrd: ${toErrorData(databaseError(e) ?? e).message.split('\n')[0]}`);
    return 1;
  } finally {
    // A host that failed to open has nothing to close.
    if (host) (await (host as Promise<CliHost>).catch(() => null))?.close();
  }
};
