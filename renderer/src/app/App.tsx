import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { roleLabels } from '../../../shared/profile';
import { ApiError, call, errorMessage } from '../api/client';
import { RecoveryScreen } from '../features/recovery/RecoveryScreen';
import { bridge } from '../api/transport';
import { InventoryPage } from '../features/inventory/InventoryPage';
import { FirstRun } from '../features/onboarding/FirstRun';
import { SettingsPage } from '../features/settings/SettingsPage';
import { sendCommand } from './commands';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useRoute, type Route } from './route';
import { SessionContext, type InventoryPreset, type Session } from './session';
import { AssessmentPage } from '../features/assessment/AssessmentPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { ModelPage } from '../features/model/ModelPage';
import { ReviewsPage } from '../features/reviews/ReviewsPage';
import { FindingsPage } from '../features/findings/FindingsPage';
import { MyWorkPage } from '../features/work/MyWorkPage';
import { useShortcuts, type Shortcut } from './shortcuts';
import { useTheme } from './theme';
import { Loading } from '../components/Loading';
import { useToast } from '../components/Toasts';
import { changeSummary } from './changes';


export const App = () => {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [corrupt, setCorrupt] = useState(false);
  const [route, go] = useRoute();
  const theme = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);
  // What waits for the person at the keyboard (My work), counted in the navigation.
  const [workCount, setWorkCount] = useState(0);
  const [preset, setPreset] = useState<InventoryPreset | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (info?.profile && !info.firstRun) call('work.mine', {}).then((w) => setWorkCount(w.count), () => undefined);
  }, [info, changes, route.page]);
  const toast = useToast();

  const reload = useCallback(() => {
    call('app.info', {}).then(
      (i) => {
        setCorrupt(false);
        setInfo(i);
      },
      (e: unknown) => (e instanceof ApiError && e.data.code === 'db_corrupt' ? setCorrupt(true) : setError(errorMessage(e))),
    );
  }, []);
  useEffect(reload, [reload]);

  const run = useCallback(
    (command: Shortcut['command']) => {
      if (command === 'help') return setHelpOpen(true);
      if (command === 'go-inventory') return go({ page: 'inventory' });
      if (command === 'go-settings') return go({ page: 'settings' });
      if (command === 'go-dashboard') return go({ page: 'dashboard' });
      if (command === 'go-audit') return go({ page: 'audit' });
      if (command === 'go-reports') return go({ page: 'reports' });
      if (command === 'go-reviews') return go({ page: 'reviews' });
      if (command === 'go-findings') return go({ page: 'findings' });
      if (command === 'go-work') return go({ page: 'work' });
      if (command === 'toggle-theme') return theme.toggle();
      // Save belongs to whichever page is open (the assessment editor listens for it).
      if (command === 'save') return sendCommand(command);
      if (route.page !== 'inventory') go({ page: 'inventory' });
      // Let the inventory mount before it hears the command.
      setTimeout(() => sendCommand(command), 0);
    },
    [go, route.page, theme],
  );
  const ready = info !== null && info.profile !== null && !info.firstRun;
  useShortcuts(run, ready);
  useEffect(() => bridge.subscribe((e) => (e.kind === 'command' ? run(e.command) : undefined)), [run]);
  // On a team database others' committed changes arrive (LISTEN/NOTIFY): open screens refresh, with a quiet note of who.
  const myLogin = info?.identity.login;
  useEffect(
    () =>
      bridge.subscribe((e) => {
        if (e.kind !== 'changed' || e.login === myLogin) return;
        setChanges((n) => n + 1);
        toast({ kind: 'info', title: `${e.actor} ${changeSummary(e)}` });
      }),
    [myLogin, toast],
  );

  if (corrupt) return <RecoveryScreen onRecovered={reload} />;
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
  if (!info) return <Loading label="Loading" />;
  if (!info.profile || info.firstRun) return <FirstRun info={info} onDone={reload} />;
  const session: Session = {
    profile: info.profile,
    identity: info.identity,
    changes,
    go,
    showInInventory: (p) => {
      setPreset(p);
      go({ page: 'inventory' });
    },
  };
  const nav: [Route['page'], string, string][] = [
    ['work', 'My work', 'G W'],
    ['dashboard', 'Dashboard', 'G D'],
    ['inventory', 'Inventory', 'G I'],
    ['reviews', 'Reviews', 'G R'],
    ['findings', 'Findings', 'G F'],
    ['reports', 'Reports', 'G P'],
    ['audit', 'Audit log', 'G A'],
    ['settings', 'Settings', 'G S'],
  ];
  const current = route.page === 'model' || route.page === 'assessment' ? 'inventory' : route.page;

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
        {nav.map(([page, label, keys]) => (
          <a key={page} href={`#/${page}`} aria-current={current === page ? 'page' : undefined}>
            {label}{page === 'work' && workCount ? <span className="badge badge-plain" aria-label={`${workCount} waiting`}>{workCount}</span> : null} <kbd>{keys}</kbd>
          </a>
        ))}
      </nav>
      <SessionContext.Provider value={session}>
        <main className="main">
          {route.page === 'inventory' ? (
            <InventoryPage
              openRef={route.ref}
              onOpen={(ref) => go(ref ? { page: 'inventory', ref } : { page: 'inventory' })}
              preset={preset}
              onClearPreset={() => setPreset(null)}
            />
          ) : route.page === 'model' ? (
            <ModelPage key={route.ref} modelRef={route.ref} />
          ) : route.page === 'assessment' ? (
            <AssessmentPage key={route.id} modelRef={route.ref} id={route.id} />
          ) : route.page === 'dashboard' ? (
            <DashboardPage />
          ) : route.page === 'reviews' ? (
            <ReviewsPage filter={route.filter} />
          ) : route.page === 'work' ? (
            <MyWorkPage onCount={setWorkCount} />
          ) : route.page === 'findings' ? (
            <FindingsPage filter={route.filter} />
          ) : route.page === 'audit' ? (
            <AuditPage />
          ) : route.page === 'reports' ? (
            <ReportsPage />
          ) : (
            <SettingsPage info={info} theme={theme} onProfileSaved={reload} />
          )}
        </main>
      </SessionContext.Provider>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
};
