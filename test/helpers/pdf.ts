import { execFileSync, spawnSync } from 'node:child_process';

/**
 * What an independent reader says of a PDF the app wrote: `qpdf --check` (Debian's qpdf) finds no
 * error and no warning, and no two different embedded font programs share one name (ISO 32000-1
 * §9.6.4: a subset's tag names its program). Returns the problems, empty when there are none.
 */
export const pdfProblems = (file: string): string[] => {
  const problems: string[] = [];
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (check.error) throw new Error(`qpdf is needed to check reports (apt-get install qpdf): ${check.error.message}`);
  if (check.status !== 0) problems.push(`qpdf --check exited ${check.status}: ${`${check.stdout}${check.stderr}`.split('\n').filter((l) => /error|warning/i.test(l)).slice(0, 5).join('; ')}`);
  const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  const byName = new Map<string, Set<string>>();
  for (const row of rows) {
    const cells = row.trim().split(/\s+/);
    const name = cells[0]!;
    const object = `${cells.at(-2)} ${cells.at(-1)}`;
    byName.set(name, (byName.get(name) ?? new Set()).add(object));
  }
  for (const [name, objects] of byName) if (objects.size > 1) problems.push(`${objects.size} different fonts are all named ${name} (objects ${[...objects].join(', ')})`);
  return problems;
};


/** Fails the test with what qpdf and the font check found, if anything. */
export const expectSoundPdf = (file: string): void => {
  const problems = pdfProblems(file);
  if (problems.length) throw new Error(`${file} is not a sound PDF:\n${problems.join('\n')}`);
};
