import fc from 'fast-check';
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isTrustedSender,
  menuTemplate,
  permissionDecision,
  resolveAppFile,
  webPreferences,
  windowOptions,
} from '../../electron/security';
import type { AppCommand } from '../../shared/contract';

describe('Electron hardening as values', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const wp = webPreferences('/app/preload.cjs');
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(windowOptions('/p.cjs', true).webPreferences).toEqual(webPreferences('/p.cjs'));
    expect(windowOptions('/p.cjs', true).show).toBe(false);
  });

  it('has a strict CSP: scripts from the app only, no eval, no plugins, no framing', () => {
    const directives: Record<string, string[]> = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });

  it('allows navigation only within app://mrd', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/#/inventory/MDL-0001`)).toBe(true);
    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'not a url', 'http://127.0.0.1:5173/']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('https://attacker.example/')).toBe(false);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html`)).toBe(true);
  });

  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(permissionDecision(p)).toBe(false);
  });

  it('serves app:// files only from inside the renderer folder (property)', () => {
    const root = resolve('/srv/renderer');
    expect(resolveAppFile(`${APP_ORIGIN}/`, root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/index.js`, root)).toBe(join(root, 'assets', 'index.js'));
    expect(resolveAppFile(`${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`, root)).toBeNull();
    // The URL parser itself folds %2e%2e into .. at the root, so this stays inside.
    expect(resolveAppFile(`${APP_ORIGIN}/%2e%2e/secret`, root)).toBe(join(root, 'secret'));
    expect(resolveAppFile(`${APP_ORIGIN}/a%5c..%5c..%5cwin.ini`, root)).toBeNull();
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile('file:///etc/passwd', root)).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', 'a', '%2e%2e', '%2F', 'b.js', '%00', '~', '%5c'), { maxLength: 8 }), (parts) => {
        const file = resolveAppFile(`${APP_ORIGIN}/${parts.join('/')}`, root);
        if (file !== null) expect(file === root || file.startsWith(root + sep)).toBe(true);
      }),
    );
  });

  it('builds a menu whose items send commands, with accelerators left to the renderer', () => {
    const sent: AppCommand[] = [];
    const menu = menuTemplate((c) => sent.push(c), false);
    const items = menu.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const newModel = items.find((i) => i.label === 'New Model…');
    expect(newModel?.accelerator).toBe('CmdOrCtrl+N');
    expect(newModel?.registerAccelerator).toBe(false);
    (newModel?.click as () => void)();
    expect(sent).toEqual(['new-model']);
    expect(menuTemplate(() => undefined, true)[0]).toEqual({ role: 'appMenu' });
  });
});
