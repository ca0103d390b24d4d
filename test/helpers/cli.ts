import { runCli } from '../../electron/cli/main';

export type CliRun = { code: number; out: string; err: string[] };

/** Runs one `mrd` command line in this process: exit code, stdout (joined) and stderr lines. */
export const mrd = async (...argv: string[]): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
};

/** Runs it and fails the test with its stderr unless it exits 0. */
export const mrdOk = async (...argv: string[]): Promise<string> => {
  const r = await mrd(...argv);
  if (r.code !== 0) throw new Error(`mrd ${argv.join(' ')} exited ${r.code}: ${r.err.join(' | ')}`);
  return r.out;
};
