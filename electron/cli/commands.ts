import type { Io } from './usage';
import type { CliHost, CliLayout } from './host';

/** Every option `mrd` knows; each command says which of them it takes. */
export const OPTIONS = {
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
  against: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  'confirmed-by': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
export type OptionName = Exclude<keyof typeof OPTIONS, 'db' | 'help'>;
export type Values = Partial<Record<OptionName, string | boolean>> & { db?: string };

/** What a command's `run` gets: its options, the words after its name, the output, and its host. */
export type Call = { values: Values; args: string[]; io: Io; open: () => Promise<CliHost>; layout?: CliLayout; /** A team database's password, read once from --password-stdin. */ password?: string };
export type Run = (call: Call) => number | Promise<number>;

export type CommandSpec = {
  words: string;
  /** The arguments after the command's words: their names, for the usage message. */
  args: string[];
  options: OptionName[];
  /** Read commands open the database read-only; the rest may write (and create it). */
  access: 'read' | 'write' | 'swap' | 'team';
  load: () => Promise<{ run: Run }>;
  /** The same command on a team database (postgres://…), where it runs there too. */
  teamLoad?: () => Promise<{ run: Run }>;
};

/**
 * The command table: only names, arities and options, so a wrong command line is refused (and
 * `--help` answered) without loading any command. Each command is one module, loaded when run.
 */
export const COMMANDS: CommandSpec[] = [
  { words: 'seed-demo', args: [], options: ['models', 'seed'], access: 'write', load: () => import('./commands/seedDemo') },
  { words: 'models list', args: [], options: ['json'], access: 'read', load: () => import('./commands/modelsList') },
  { words: 'reviews due', args: [], options: ['within', 'json'], access: 'read', load: () => import('./commands/reviewsDue') },
  { words: 'ingest', args: ['FILE'], options: ['model', 'format'], access: 'write', load: () => import('./commands/ingest') },
  { words: 'findings list', args: [], options: ['json'], access: 'read', load: () => import('./commands/findingsList') },
  { words: 'audit verify', args: [], options: ['against'], access: 'read', load: () => import('./commands/auditVerify') },
  { words: 'report portfolio', args: [], options: ['out', 'as-of', 'business-unit', 'status', 'tag'], access: 'write', load: () => import('./commands/report') },
  { words: 'report model', args: ['REF'], options: ['out', 'as-of'], access: 'write', load: () => import('./commands/report') },
  { words: 'backup', args: [], options: ['out', 'password-stdin'], access: 'write', load: () => import('./commands/backup'), teamLoad: () => import('./commands/team').then((m) => ({ run: m.backup })) },
  { words: 'restore', args: ['FILE'], options: [], access: 'swap', load: () => import('./commands/restore') },
  { words: 'profile show', args: [], options: [], access: 'read', load: () => import('./commands/profileShow') },
  { words: 'profile set', args: [], options: ['name', 'role', 'confirmed-by'], access: 'write', load: () => import('./commands/profileSet') },
  { words: 'team init', args: [], options: ['password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.init })) },
  { words: 'team migrate', args: [], options: ['out', 'password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.migrate })) },
  { words: 'team import', args: ['FILE'], options: ['password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.importFile })) },
  { words: 'team status', args: [], options: ['password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.status })) },
  { words: 'team add-user', args: ['LOGIN'], options: ['role', 'name', 'password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.addUser })) },
  { words: 'team set-role', args: ['LOGIN'], options: ['role', 'password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.setRole })) },
  { words: 'team disable', args: ['LOGIN'], options: ['password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.disable })) },
  { words: 'team enable', args: ['LOGIN'], options: ['password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.enable })) },
  { words: 'team list', args: [], options: ['json', 'password-stdin'], access: 'team', load: () => import('./commands/team').then((m) => ({ run: m.list })) },
];

/** The command whose words start the positionals (the longest such), with the words after them. */
export const findCommand = (positionals: string[]): { spec: CommandSpec; args: string[] } | null => {
  const matches = COMMANDS.filter((c) => {
    const w = c.words.split(' ');
    return w.every((x, i) => positionals[i] === x);
  }).sort((a, b) => b.words.length - a.words.length);
  const spec = matches[0];
  return spec ? { spec, args: positionals.slice(spec.words.split(' ').length) } : null;
};
