import { homedir } from 'node:os';
import { join } from 'node:path';

export const DB_FILE_NAME = 'model-risk-desk.db';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives for this app,
 * so the desktop window, the browser host and the CLI open the same file by default.
 */
export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string => {
  if (env.MRD_DATA_DIR) return env.MRD_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Model Risk Desk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Model Risk Desk');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Model Risk Desk');
};

export const defaultDbPath = (): string => join(defaultDataDir(), DB_FILE_NAME);
