import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionStore, startTarget, type SafeStorage } from '../../electron/connectionStore';
import { connectionUrl, teamConnectionSchema, type TeamConnection } from '../../shared/connection';
import { transportProblem } from '../../shared/database';
import { tempDir } from '../helpers/temp';

const base: TeamConnection = { host: 'db.example.com', port: 5432, database: 'mrd', user: 'rita', caFile: '/etc/mrd/ca.crt', certFile: '', keyFile: '' };

/** Electron's safeStorage has three calls; this stand-in keeps their contract (bytes that are not the text), with a switch for a machine without a keychain. */
const standIn = (available = true): SafeStorage => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8'),
});

describe('the team connection a person fills in', () => {
  it('makes a URL that verifies any other computer and that the transport rule accepts', () => {
    const url = connectionUrl(base);
    expect(url).toBe('postgres://rita@db.example.com:5432/mrd?sslmode=verify-full&sslrootcert=%2Fetc%2Fmrd%2Fca.crt');
    expect(transportProblem(url)).toBeNull();
    expect(connectionUrl({ ...base, host: 'localhost', caFile: '' })).toBe('postgres://rita@localhost:5432/mrd');
    expect(connectionUrl({ ...base, host: '/run/postgresql', caFile: '', user: 'ana maría' })).toBe('postgres://ana%20mar%C3%ADa@/mrd?host=%2Frun%2Fpostgresql&port=5432');
    expect(connectionUrl({ ...base, host: '::1', caFile: '' })).toBe('postgres://rita@[::1]:5432/mrd');
    expect(connectionUrl({ ...base, certFile: '/home/rita/rita.crt', keyFile: '/home/rita/rita.key' })).toContain('&sslcert=%2Fhome%2Frita%2Frita.crt&sslkey=%2Fhome%2Frita%2Frita.key');
  });

  it('names what is wrong in a field', () => {
    const issues = (c: unknown): string[] => (teamConnectionSchema.safeParse(c).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ ...base, host: '', port: 70000 })).toEqual(['host: give the server: a host name, an address, or a socket folder', 'port: a port is from 1 to 65535']);
    expect(issues({ ...base, host: 'evil@host' })).toEqual(['host: a host has no spaces, @, ? or #']);
    expect(issues({ ...base, caFile: 'ca.crt' })).toEqual(['caFile: give the full path of the file']);
    expect(issues({ ...base, certFile: '/home/rita/rita.crt' })).toEqual(['keyFile: a client certificate needs its key file too']);
  });
});

describe("the desktop app's kept choice (electron/connectionStore.ts)", () => {
  it('keeps the connection in the clear and the password only encrypted, readable by this account alone', () => {
    const dir = tempDir();
    const store = connectionStore(dir, standIn());
    expect(store.load()).toBeNull();
    expect(startTarget(store, '/data/mrd.db')).toEqual({ target: '/data/mrd.db' });
    store.save({ mode: 'team', connection: base }, 's3cret-pw');
    const settings = readFileSync(join(dir, 'connection.json'), 'utf8');
    expect(settings).not.toContain('s3cret-pw');
    const secret = readFileSync(join(dir, 'connection.secret'));
    expect(secret.toString('utf8')).not.toContain('s3cret-pw');
    expect(statSync(join(dir, 'connection.secret')).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual({ mode: 'team', connection: base });
    expect(startTarget(store, '/data/mrd.db')).toEqual({ target: connectionUrl(base), password: 's3cret-pw' });
    // Back to this computer: the password is forgotten with the choice.
    store.save({ mode: 'file' });
    expect(existsSync(join(dir, 'connection.secret'))).toBe(false);
    expect(startTarget(store, '/data/mrd.db')).toEqual({ target: '/data/mrd.db' });
  });

  it('refuses to keep a password where the system has no safe storage, and keeps nothing then', () => {
    const dir = tempDir();
    const store = connectionStore(dir, standIn(false));
    expect(() => store.save({ mode: 'team', connection: base }, 'pw')).toThrow(/offers no safe storage for the password .*: it was not kept\. Use ~\/\.pgpass or a client certificate instead/);
    expect(store.load()).toBeNull();
    store.save({ mode: 'team', connection: base });
    expect(startTarget(store, '/f.db')).toEqual({ target: connectionUrl(base) });
  });
});
