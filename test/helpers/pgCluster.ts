import { execFileSync, spawnSync } from 'node:child_process';
import { pgBinDir } from '../../db/pg/admin';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const freePort = (): Promise<number> =>
  new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

export type Cluster = {
  dir: string;
  socketDir: string;
  port: number;
  url: (database?: string, user?: string) => string;
  psql: (sql: string, database?: string) => string;
  /** Puts a pg_hba.conf line first (e.g. `local all rita scram-sha-256`) and reloads the server. */
  hbaFirst: (line: string) => void;
  /** `pg_ctl stop -m immediate`: the server gone at once, as in a crash or a pulled cable; the data stays. */
  halt: () => void;
  /** Starts the halted server again (it recovers from its WAL). */
  start: () => void;
  stop: () => void;
};

/**
 * A throwaway PostgreSQL cluster of the test's own: initdb into a temporary folder, a unix
 * socket in that folder and a free port, run as the `postgres` user when the tests run as root.
 * Never a cluster it did not start; stop() shuts it down (immediately) and removes the folder.
 */
export const startCluster = async (): Promise<Cluster> => {
  const bin = pgBinDir(['initdb', 'pg_ctl']);
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'mrd-pg-'));
  const data = join(dir, 'data');
  const socketDir = dir;
  const root = process.getuid?.() === 0;
  if (root) {
    chmodSync(dir, 0o777);
  }
  const asOwner = (cmd: string, args: string[]): string => {
    const r = root ? spawnSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const port = await freePort();
  asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses='' -c fsync=off -c max_connections=60`;
  asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  const url = (database = 'postgres', user = 'postgres'): string => `postgres://${user}@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  return {
    dir,
    socketDir,
    port,
    url,
    psql: (sql, database = 'postgres') => execFileSync(join(bin, 'psql'), ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' }),
    hbaFirst: (line) => {
      const hba = join(data, 'pg_hba.conf');
      writeFileSync(hba, `${line}\n${readFileSync(hba, 'utf8')}`);
      asOwner('pg_ctl', ['-D', data, 'reload']);
    },
    halt: () => void asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start: () => void asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']),
    stop: () => {
      try {
        asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already halted by the test (halt() without start())
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
