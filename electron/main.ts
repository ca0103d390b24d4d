import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { HostEvent } from '../shared/contract';
import { EVENT_CHANNEL, handleIpcInvoke, INVOKE_CHANNEL } from './ipc';
import { scanConfiguredFolder } from './handlers/monitoring';
import { startWatcher } from './services/monitoring/watch';
import { DB_FILE_NAME } from './paths';
import { createHolder, type Holder } from './holder';
import { connectionStore, startTarget } from './connectionStore';
import { redactUrl } from '../shared/database';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  menuTemplate,
  MIME,
  permissionDecision,
  resolveAppFile,
  windowOptions,
} from './security';

// Must run before `ready`: app:// is a standard, secure scheme, so the page gets a real origin without file://.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const root = app.getAppPath();
const packaged = app.isPackaged;
const rendererDir = join(root, 'dist', 'renderer');
const migrationsFolder = packaged ? join(process.resourcesPath, 'migrations') : join(root, 'db', 'migrations');
const pgMigrationsFolder = packaged ? join(process.resourcesPath, 'migrations-pg') : join(root, 'db', 'migrations-pg');
/** better-sqlite3 built for Electron's ABI, kept apart so the Node build used by the tests stays intact. */
const nativeBinding = packaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : join(root, '.electron-native', 'better_sqlite3.node');

let holder: Holder | null = null;
const windows = new Set<WebContents>();
const emit = (event: HostEvent): void => {
  for (const wc of windows) wc.send(EVENT_CHANNEL, event);
};

const harden = (wc: WebContents): void => {
  wc.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser, never inside the app.
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
};

const createWindow = (): void => {
  const win = new BrowserWindow(windowOptions(join(root, 'dist', 'electron', 'preload.cjs'), nativeTheme.shouldUseDarkColors));
  harden(win.webContents);
  windows.add(win.webContents);
  win.on('closed', () => windows.delete(win.webContents));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
};

void app.whenReady().then(async () => {
  const dbPath = join(app.getPath('userData'), DB_FILE_NAME);
  // Settings › Database: this computer's file, or the team database kept for this start.
  const store = connectionStore(app.getPath('userData'), safeStorage);
  const { target, password } = startTarget(store, dbPath);
  const open = (where: string, pw?: string): Promise<Holder> => createHolder(where, { host: 'desktop', connectionStore: store, ...(pw !== undefined ? { password: pw } : {}), warmWorker: true, migrationsFolder, pgMigrationsFolder, emit, dailyBackup: 'job', workerEntry: join(root.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'electron', 'worker.cjs'), fonts: packaged ? { latin: join(process.resourcesPath, 'fonts'), cjk: join(process.resourcesPath, 'fonts') } : { latin: join(root, 'node_modules', '@embedpdf', 'fonts-latin', 'fonts'), cjk: join(root, 'node_modules', '@embedpdf', 'fonts-sc', 'fonts') }, ...(existsSync(nativeBinding) ? { nativeBinding } : {}) });
  holder = await open(target, password).catch(async (e: unknown) => {
    if (target === dbPath) throw e;
    // The team database is not there (server down, a password changed): say so, and open this computer's file.
    dialog.showErrorBox('The team database did not open', `${redactUrl(target)}: ${e instanceof Error ? e.message : String(e)}\n\nModel Risk Desk opens this computer's database instead; Settings › Database changes the choice.`);
    return open(dbPath);
  });
  const held = holder;
  startWatcher(async () => {
    const ctx = held.ctx();
    if (ctx) await scanConfiguredFolder(ctx);
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    const body = await readFile(file).catch(() => readFile(join(rendererDir, 'index.html')));
    return new Response(body, {
      headers: { 'content-type': MIME[extname(file)] ?? 'text/html; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));

  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => handleIpcInvoke(held.dispatch, event.senderFrame?.url, method, input));

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate((command) => emit({ kind: 'command', command }), process.platform === 'darwin')));
  app.on('web-contents-created', (_e, wc) => harden(wc));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => holder?.close());
