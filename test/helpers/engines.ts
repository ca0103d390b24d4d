/**
 * The integration suite on both engines: `describe.each(ENGINES)` runs a file's tests once on a
 * SQLite file and once on a team database. The team database is a fresh database (team init) on
 * a throwaway PostgreSQL cluster this test file starts itself (test/helpers/pgCluster.ts) and
 * stops after its last test; it never touches a cluster it did not start.
 */
import { afterAll, beforeEach, describe } from 'vitest';
import { teamInit } from '../../db/pg/admin';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../electron/runtime';
import { startCluster, type Cluster } from './pgCluster';
import { trackRuntime, tempRuntime } from './temp';

export type EngineName = 'sqlite' | 'postgres';
export const ENGINES: EngineName[] = ['sqlite', 'postgres'];

let cluster: Promise<Cluster> | null = null;
let made = 0;
afterAll(async () => {
  if (cluster) (await cluster).stop();
  cluster = null;
});

/** This file's cluster, started at its first use. */
export const suiteCluster = (): Promise<Cluster> => (cluster ??= startCluster());

/** A new, empty team database on this file's cluster, its schema made by team init; its URL. */
export const newTeamDatabase = async (now = new Date()): Promise<string> => {
  const c = await suiteCluster();
  const name = `mrd_${process.pid}_${++made}`;
  c.psql(`create database ${name}`);
  const url = c.url(name);
  await teamInit(url, now);
  return url;
};

/** A fresh portfolio on the engine, opened through the same runtime the hosts use. */
export const engineRuntime = async (engine: EngineName, now?: () => Date, options: RuntimeOptions = {}): Promise<Runtime> => {
  if (engine === 'sqlite') return await tempRuntime(undefined, now);
  const url = await newTeamDatabase(now?.());
  // No LISTEN connection unless a test asks for one (team-roles.test.ts does): fewer connections per test.
  return trackRuntime(await createRuntime(url, { listen: false, ...options, ...(now ? { now } : {}) }));
};

let current: EngineName = 'sqlite';

/**
 * `describe(name, fn)` once per engine. Its tests (and the helpers they call) open portfolios
 * with `portfolio()`, on the engine of the block that is running.
 */
export const describeEngines = (name: string, fn: () => void): void =>
  describe.each(ENGINES)(`${name} (%s)`, (engine) => {
    beforeEach(() => {
      current = engine;
    });
    fn();
  });

/** A fresh portfolio on the engine of the running `describeEngines` block. */
export const portfolio = (now?: () => Date): Promise<Runtime> => engineRuntime(current, now);
