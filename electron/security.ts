import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { normalize, resolve, sep } from 'node:path';
import type { AppCommand } from '../shared/contract';

/**
 * The Electron security checklist as plain values and pure functions, so tests can check them
 * without the Electron binary. main.ts only wires them in.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mrd';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** 'unsafe-inline' for styles only: the dialog library injects a <style> for scroll locking. No inline scripts, no eval. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const webPreferences = (preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
});

export const windowOptions = (preloadPath: string, dark: boolean): BrowserWindowConstructorOptions => ({
  width: 1360,
  height: 860,
  minWidth: 960,
  minHeight: 600,
  title: 'Model Risk Desk',
  show: false,
  backgroundColor: dark ? '#111418' : '#f6f7f9',
  webPreferences: webPreferences(preloadPath),
});

/** Only the app's own pages may load; everything else (links, redirects, drops) is refused. */
export const isAllowedNavigation = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
};

/** IPC is answered only for the top frame of our own origin. */
export const isTrustedSender = (frameUrl: string | undefined): boolean => frameUrl !== undefined && isAllowedNavigation(frameUrl);

/** Camera, notifications, geolocation…: the app needs none, so every request is denied. */
export const permissionDecision = (_permission: string): boolean => false;

/**
 * Maps an app:// URL to a file under the renderer folder, or null for anything that would
 * escape it (../, encoded separators, other hosts). Unknown paths fall back to index.html.
 */
export const resolveAppFile = (url: string, root: string): string | null => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, normalize(`.${path === '/' ? '/index.html' : path}`));
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
};

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The native menu; accelerators are shown but handled in the renderer so both hosts share them. */
export const menuTemplate = (send: (c: AppCommand) => void, isMac: boolean): MenuItemConstructorOptions[] => {
  const item = (label: string, command: AppCommand, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => send(command),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [item('New Model…', 'new-model', 'CmdOrCtrl+N'), item('Save Draft', 'save', 'CmdOrCtrl+S'), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        item('My Work', 'go-work', 'CmdOrCtrl+9'),
        item('Dashboard', 'go-dashboard', 'CmdOrCtrl+0'),
        item('Inventory', 'go-inventory', 'CmdOrCtrl+1'),
        item('Reviews', 'go-reviews', 'CmdOrCtrl+2'),
        item('Findings', 'go-findings', 'CmdOrCtrl+5'),
        item('Audit Log', 'go-audit', 'CmdOrCtrl+3'),
        item('Reports', 'go-reports', 'CmdOrCtrl+4'),
        item('Settings', 'go-settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        item('Find', 'focus-search', 'CmdOrCtrl+F'),
        item('Toggle Dark Theme', 'toggle-theme', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
};
