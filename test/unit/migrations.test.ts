/**
 * The migration journals as drizzle's migrators read them. The PostgreSQL migrator applies a
 * migration only when its `when` is later than the last one applied, so a journal whose times go
 * backwards would silently skip a migration on every database already past the earlier one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const journal = (folder: string): { idx: number; when: number; tag: string }[] => (JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] }).entries;

describe('migration journals', () => {
  for (const folder of ['db/migrations', 'db/migrations-pg']) {
    it(`${folder}: numbered in order, each later than the one before, one file each`, () => {
      const entries = journal(folder);
      expect(entries.map((e) => e.idx)).toEqual(entries.map((_, i) => i));
      for (let i = 1; i < entries.length; i++) expect(entries[i]!.when, entries[i]!.tag).toBeGreaterThan(entries[i - 1]!.when);
      for (const e of entries) expect(readFileSync(`${folder}/${e.tag}.sql`, 'utf8').length, e.tag).toBeGreaterThan(0);
    });
  }
});
