import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { roleLabels } from '../../../shared/profile';
import { call, errorMessage } from '../api/client';
import { bridge } from '../api/transport';
import { InventoryPage } from '../features/inventory/InventoryPage';
import { FirstRun } from '../features/onboarding/FirstRun';
import { SettingsPage } from '../features/settings/SettingsPage';
import { sendCommand } from './commands';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useRoute } from './route';
import { useShortcuts, type Shortcut } from './shortcuts';
import { useTheme } from './theme';


export const App = () => {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [route, go] = useRoute();
  const theme = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);

  const reload = useCallback(() => {
    call('app.info', {}).then(setInfo, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(reload, [reload]);

  const run = useCallback(
    (command: Shortcut['command']) => {
      if (command === 'help') return setHelpOpen(true);
      if (command === 'go-inventory') return go({ page: 'inventory' });
      if (command === 'go-settings') return go({ page: 'settings' });
      if (command === 'toggle-theme') return theme.toggle();
      if (route.page !== 'inventory') go({ page: 'inventory' });
      // Let the inventory mount before it hears the command.
      setTimeout(() => sendCommand(command), 0);
    },
    [go, route.page, theme],
  );
  const ready = info !== null && info.profile !== null && !info.firstRun;
  useShortcuts(run, ready);
  useEffect(() => bridge.subscribe((e) => (e.kind === 'command' ? run(e.command) : undefined)), [run]);

  if (error) {
    return (
      <div className="center">
        <div className="card" role="alert">
          <h1>Model Risk Desk could not start</h1>
          <p>{error}</p>
        </div>
      </div>
    );
  }
  if (!info) return <div className="progress" aria-label="Loading" />;
  if (!info.profile || info.firstRun) return <FirstRun info={info} onDone={reload} />;

  return (
    <div className="shell">
      <header className="header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Model Risk Desk
        </div>
        <div className="header-spacer" />
        <button className="btn btn-ghost" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts">
          <kbd>?</kbd>
        </button>
        <button className="btn btn-ghost" onClick={theme.toggle} aria-label={`Switch to ${theme.resolved === 'dark' ? 'light' : 'dark'} theme`}>
          {theme.resolved === 'dark' ? '☀' : '☾'}
        </button>
        <div className="user" aria-label="Current user">
          <span>{info.profile.name}</span>
          <span className="user-role">{roleLabels[info.profile.role]}</span>
        </div>
      </header>
      <nav className="nav" aria-label="Main">
        <a href="#/inventory" aria-current={route.page === 'inventory' ? 'page' : undefined}>
          Inventory <kbd>G I</kbd>
        </a>
        <a href="#/settings" aria-current={route.page === 'settings' ? 'page' : undefined}>
          Settings <kbd>G S</kbd>
        </a>
      </nav>
      <main className="main">
        {route.page === 'inventory' ? (
          <InventoryPage openRef={route.ref} onOpen={(ref) => go(ref ? { page: 'inventory', ref } : { page: 'inventory' })} />
        ) : (
          <SettingsPage info={info} theme={theme} onProfileSaved={reload} />
        )}
      </main>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
};
