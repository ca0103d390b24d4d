/**
 * The desktop app's choice of database, kept for its next start: `connection.json` in the app's
 * data folder holds the mode and the connection (never a password); the password, when one is
 * given, is encrypted with Electron's safeStorage (the OS keychain, DPAPI or the secret service)
 * into `connection.secret`, readable only by this OS account. No electron import here: main.ts
 * hands in `safeStorage`, and tests hand in a stand-in with the same three calls.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionUrl, teamConnectionSchema, type SavedConnection } from '../shared/connection';
import { AppError } from '../shared/errors';

export type SafeStorage = { isEncryptionAvailable: () => boolean; encryptString: (s: string) => Buffer; decryptString: (b: Buffer) => string };

export type ConnectionStore = {
  load: () => SavedConnection | null;
  /** The kept password, decrypted; undefined when none is kept. */
  password: () => string | undefined;
  passwordKept: () => boolean;
  /** Keeps the choice; `password` undefined keeps no password (and forgets one kept before). */
  save: (choice: SavedConnection, password?: string) => void;
};

const writePrivate = (file: string, data: string | Buffer): void => {
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, data, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
};

export const connectionStore = (dir: string, safe: SafeStorage): ConnectionStore => {
  const settingsFile = join(dir, 'connection.json');
  const secretFile = join(dir, 'connection.secret');
  const load = (): SavedConnection | null => {
    if (!existsSync(settingsFile)) return null;
    try {
      const raw = JSON.parse(readFileSync(settingsFile, 'utf8')) as { mode?: unknown; connection?: unknown };
      if (raw.mode === 'file') return { mode: 'file' };
      const parsed = teamConnectionSchema.safeParse(raw.connection);
      if (raw.mode === 'team' && parsed.success) return { mode: 'team', connection: parsed.data };
    } catch {
      // unreadable: treated as no choice, the file database opens
    }
    console.error(`[connection] ${settingsFile} is not a saved connection; opening this computer's database`);
    return null;
  };
  return {
    load,
    passwordKept: () => existsSync(secretFile),
    password: () => (existsSync(secretFile) && safe.isEncryptionAvailable() ? safe.decryptString(readFileSync(secretFile)) : undefined),
    save: (choice, password) => {
      if (password !== undefined && password !== '') {
        if (!safe.isEncryptionAvailable()) throw new AppError('unavailable', 'This computer offers no safe storage for the password (no keychain or secret service): it was not kept. Use ~/.pgpass or a client certificate instead');
        writePrivate(secretFile, safe.encryptString(password));
      } else rmSync(secretFile, { force: true });
      writePrivate(settingsFile, `${JSON.stringify(choice, null, 2)}\n`);
    },
  };
};

/** What the desktop app opens at its start: the kept team database (with its password), or its own file. */
export const startTarget = (store: ConnectionStore, file: string): { target: string; password?: string } => {
  const saved = store.load();
  if (saved?.mode !== 'team') return { target: file };
  const password = store.password();
  return { target: connectionUrl(saved.connection), ...(password !== undefined ? { password } : {}) };
};
