import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectionState, ConnectionTest, TeamConnection } from '../../../../shared/connection';
import { ApiError, call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';

type Form = Omit<TeamConnection, 'port'> & { port: string };
const EMPTY: Form = { host: '', port: '5432', database: 'mrd', user: '', caFile: '', certFile: '', keyFile: '' };
const fromSaved = (s: ConnectionState['saved']): Form => (s?.mode === 'team' ? { ...s.connection, port: String(s.connection.port) } : EMPTY);
const isLocal = (host: string): boolean => host.startsWith('/') || ['localhost', '127.0.0.1', '::1'].includes(host.trim().toLowerCase());

/**
 * Which database the app works on: this computer's file, or a team database on a PostgreSQL
 * server (host, port, database, login, password or client certificate; TLS verify-full to any other
 * computer). *Test connection* answers before anything is kept; the desktop app keeps the choice
 * for its next start, the password encrypted by the operating system.
 */
export const DatabaseSection = ({ onboarding = false }: { onboarding?: boolean }) => {
  const [state, setState] = useState<ConnectionState | null>(null);
  const [mode, setMode] = useState<'file' | 'team'>('file');
  const [form, setForm] = useState<Form>(EMPTY);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  useEffect(() => {
    call('connection.current', {}).then(
      (s) => {
        setState(s);
        setMode(s.saved?.mode ?? (s.engine === 'postgres' ? 'team' : 'file'));
        setForm(fromSaved(s.saved));
      },
      (e: unknown) => toast({ kind: 'error', title: 'Could not read the database setting', body: errorMessage(e) }),
    );
  }, [toast]);
  if (!state) return null;

  const connection = (): TeamConnection => ({ ...form, host: form.host.trim(), port: Number(form.port) });
  const issues = (e: unknown): void => {
    const list = e instanceof ApiError ? ((e.data.details?.issues) ?? []) : [];
    setErrors(Object.fromEntries(list.map((i) => [i.path.replace(/^connection\./, ''), i.message])));
    if (!list.length) toast({ kind: 'error', title: 'Not saved', body: errorMessage(e) });
  };
  const runTest = async (): Promise<void> => {
    setBusy(true);
    setTest(null);
    try {
      setTest(await call('connection.test', { ...connection(), ...(password ? { password } : {}) }));
      setErrors({});
    } catch (e) {
      issues(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const r = await call('connection.save', mode === 'file' ? { mode } : { mode, connection: connection(), ...(password ? { password } : {}) });
      setErrors({});
      setPassword('');
      setState({ ...state, saved: r.saved, passwordKept: r.passwordKept });
      toast({ kind: 'success', title: 'Saved', body: 'Restart Model Risk Desk to open the chosen database.' });
    } catch (err) {
      issues(err);
    }
  };
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <section className="section" aria-labelledby="database-title">
      <h2 id="database-title">Database</h2>
      <p className="muted">
        Now working on {state.engine === 'postgres' ? <>the team database <span className="mono">{state.where}</span> as <strong>{state.login}</strong></> : <>this computer&apos;s file <span className="mono">{state.where}</span></>}.
        {state.canSave
          ? ' Choose what opens at the next start.'
          : ' The browser host and mrd are started on a database (--db FILE or postgres://…, the password from PGPASSWORD, ~/.pgpass or --password-stdin); here you can test a team database before using it.'}
      </p>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="Database connection">
        <fieldset className="radio-row" style={{ border: 0, padding: 0, margin: '8px 0' }}>
          <legend className="sr-only">Where the portfolio lives</legend>
          <label>
            <input type="radio" name="db-mode" checked={mode === 'file'} onChange={() => setMode('file')} /> This computer (a file only you use)
          </label>
          <label style={{ marginLeft: 16 }}>
            <input type="radio" name="db-mode" checked={mode === 'team'} onChange={() => setMode('team')} /> Team database (PostgreSQL)
          </label>
        </fieldset>
        {mode === 'team' ? (
          <>
            <div className="form-grid">
              <Field label="Server" error={errors.host} hint="Host name, address, or a socket folder such as /run/postgresql">
                <input className="input" value={form.host} onChange={set('host')} placeholder="db.example.com" autoComplete="off" />
              </Field>
              <Field label="Port" error={errors.port}>
                <input className="input" inputMode="numeric" value={form.port} onChange={set('port')} />
              </Field>
              <Field label="Database" error={errors.database}>
                <input className="input" value={form.database} onChange={set('database')} />
              </Field>
              <Field label="Login" error={errors.user} hint="Your own PostgreSQL login">
                <input className="input" value={form.user} onChange={set('user')} autoComplete="username" />
              </Field>
              <Field label="Password" hint={state.passwordKept ? 'A password is kept (encrypted); type a new one to replace it' : 'Or leave empty: ~/.pgpass or a client certificate'}>
                <input className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
              </Field>
              <Field label="CA certificate" error={errors.caFile} hint={isLocal(form.host) ? 'Not needed on this computer' : 'The file of the CA that signed the server (TLS verify-full); empty: the system CAs'}>
                <input className="input mono" value={form.caFile} onChange={set('caFile')} placeholder="/etc/mrd/ca.crt" />
              </Field>
              <Field label="Client certificate" error={errors.certFile} hint="Instead of a password, if the server takes certificates">
                <input className="input mono" value={form.certFile} onChange={set('certFile')} />
              </Field>
              <Field label="Client key" error={errors.keyFile}>
                <input className="input mono" value={form.keyFile} onChange={set('keyFile')} />
              </Field>
            </div>
            {!isLocal(form.host) && form.host ? <p className="muted">A connection to another computer is always encrypted and checks the server&apos;s certificate and name (TLS verify-full).</p> : null}
            {test ? (
              <p className={test.ok ? 'banner' : 'banner banner-warn'} role="status" aria-label="Connection test">
                {test.ok ? '✓ ' : '✗ '}
                {test.message}
              </p>
            ) : null}
          </>
        ) : null}
        <div className="actions" style={{ marginTop: 12 }}>
          {mode === 'team' ? (
            <button className="btn" type="button" disabled={busy} onClick={() => void runTest()}>
              {busy ? 'Testing…' : 'Test connection'}
            </button>
          ) : null}
          {state.canSave ? (
            <button className="btn btn-primary" type="submit">
              {onboarding ? 'Use this database' : 'Save for the next start'}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
};
