import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRuntime, type Runtime } from '../../electron/runtime';

const dirs: string[] = [];
const runtimes: Runtime[] = [];

afterEach(() => {
  for (const r of runtimes.splice(0)) {
    try {
      r.close();
    } catch {
      // already closed by the test
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh folder per test, removed afterwards. */
export const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'mrd-test-'));
  dirs.push(d);
  return d;
};

/** A real SQLite file in a fresh folder, opened through the same runtime the hosts use. */
export const tempRuntime = async (file = join(tempDir(), 'mrd.db'), now?: () => Date): Promise<Runtime> => trackRuntime(await createRuntime(file, now ? { now } : {}));

/** Closed after the test. */
export const trackRuntime = (r: Runtime): Runtime => {
  runtimes.push(r);
  return r;
};
