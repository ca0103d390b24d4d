/**
 * The same product on both engines, seen from outside: the same seed and the same imports, one
 * on a SQLite file and one on a team database (this file's throwaway PostgreSQL cluster), give
 * the same command-line answers and the same report pages.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mrdOk } from '../helpers/cli';
import { newTeamDatabase } from '../helpers/engines';
import { expectSoundPdf } from '../helpers/pdf';
import { tempDir } from '../helpers/temp';

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A generic CSV of the last three weeks whose accuracy falls below its bound: findings on any engine. */
const recentExport = (dir: string): string => {
  const lines = ['timestamp,metric,value,lower'];
  for (let d = 21; d >= 1; d--) lines.push(`${day(-d)}T00:00:00Z,accuracy,${(0.93 - (21 - d) * 0.01).toFixed(2)},0.85`);
  const file = join(dir, 'weekly-metrics.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

/** Each page's text, as pdftotext lays it out: the cover (chain head included), every table and chart label. */
const pageTexts = (pdf: string): string[] => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');

describe('one portfolio, two engines', () => {
  it('the same seed and imports give the same models list, reviews due, findings list and report pages', async () => {
    const dir = tempDir();
    const file = join(dir, 'solo.db');
    const url = await newTeamDatabase();
    const csv = recentExport(dir);
    const answers: Record<string, string>[] = [];
    for (const db of [file, url]) {
      await mrdOk('--db', db, 'seed-demo', '--models', '40', '--seed', '7');
      await mrdOk('--db', db, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer');
      await mrdOk('--db', db, 'ingest', '--model', 'MDL-0003', csv);
      const out = join(dir, db === file ? 'sqlite.pdf' : 'postgres.pdf');
      await mrdOk('--db', db, 'report', 'portfolio', '--out', out, '--as-of', day(-1));
      expectSoundPdf(out);
      answers.push({
        models: await mrdOk('--db', db, 'models', 'list', '--json'),
        reviews: await mrdOk('--db', db, 'reviews', 'due', '--json'),
        findings: await mrdOk('--db', db, 'findings', 'list', '--json'),
        audit: (await mrdOk('--db', db, 'audit', 'verify')).replace(/; no head anchored.*|; last anchored.*/, ''),
        pages: JSON.stringify(pageTexts(out)),
      });
    }
    const [lite, team] = answers as [Record<string, string>, Record<string, string>];
    expect((JSON.parse(lite.models!) as unknown[]).length).toBe(40);
    expect((JSON.parse(lite.findings!) as unknown[]).length).toBeGreaterThan(0);
    expect((JSON.parse(lite.pages!) as string[]).length).toBeGreaterThan(20);
    for (const k of ['models', 'reviews', 'findings', 'audit', 'pages']) expect(team[k], k).toBe(lite[k]);
  }, 240_000);
});
