import { useState, type FormEvent } from 'react';
import type { AppInfo } from '../../../../shared/contract';
import { issuesFromZod } from '../../../../shared/errors';
import { profileSchema, roleLabels, roles, type Role } from '../../../../shared/profile';
import { call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { dropPrefetchedInventory } from '../inventory/inventoryData';
import { Loading } from '../../components/Loading';
import { DatabaseSection } from '../settings/DatabaseSection';

const roleHelp: Record<Role, string> = {
  risk_officer: 'scores and updates the risk assessments of the models you cover',
  review_lead: 'plans periodic reviews, approves assessments, watches the portfolio',
  auditor: 'checks that governance happened and exports compliance reports',
};

/** First run: who you are (for the audit trail), then an empty or a demo portfolio. */
export const FirstRun = ({ info, onDone }: { info: AppInfo; onDone: () => void }) => {
  const [name, setName] = useState(info.profile?.name ?? '');
  const [role, setRole] = useState<Role | ''>(info.profile?.role ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const saveProfile = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = profileSchema.safeParse({ name, role });
    if (!parsed.success) {
      setErrors(Object.fromEntries(issuesFromZod(parsed.error).map((i) => [i.path, i.message])));
      return;
    }
    setBusy(true);
    try {
      await call('profile.save', parsed.data);
      onDone();
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const start = async (choice: 'empty' | 'demo'): Promise<void> => {
    setBusy(true);
    try {
      await call('portfolio.start', { choice });
      dropPrefetchedInventory();
      // An empty portfolio's first task is its first model: the inventory invites it. The demo lands on My work.
      window.location.hash = choice === 'empty' ? '#/inventory' : '#/work';
      onDone();
    } catch (err) {
      setFailure(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="center">
      {!info.profile ? (
        <div>
        <form className="card" onSubmit={(e) => void saveProfile(e)} noValidate aria-labelledby="welcome">
          <h1 id="welcome">Welcome to Model Risk Desk</h1>
          <p className="muted">Your name and role are written into the audit trail of every change you make.</p>
          {failure ? <div className="form-error" role="alert">{failure}</div> : null}
          <div className="form-grid" style={{ gridTemplateColumns: '1fr' }}>
            <Field label="Your name" error={errors.name}>
              <input className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="name" />
            </Field>
            <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={errors.role ? 'role-error' : undefined}>
              <legend style={{ fontWeight: 600, fontSize: 'var(--text-sm)', marginBottom: 4 }}>Your role</legend>
              {roles.map((r) => (
                <label key={r} style={{ display: 'flex', gap: 8, alignItems: 'baseline', fontWeight: 400, padding: '3px 0' }}>
                  <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
                  <span>
                    <strong>{roleLabels[r]}</strong> <span className="muted">— {roleHelp[r]}</span>
                  </span>
                </label>
              ))}
              {errors.role ? <span id="role-error" className="error" role="alert">{errors.role}</span> : null}
            </fieldset>
          </div>
          <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 'var(--space-4)' }}>
            <button className="btn btn-primary" type="submit" disabled={busy}>Continue</button>
          </div>
        </form>
          <details className="card" style={{ marginTop: 'var(--space-4)' }}>
            <summary>Working with a team? Use a team database instead of this computer</summary>
            <DatabaseSection onboarding />
          </details>
        </div>
      ) : (
        <div className="card" aria-labelledby="portfolio">
          <h1 id="portfolio">Start your portfolio</h1>
          <p className="muted">Data file: <span className="mono">{info.dbPath}</span></p>
          {failure ? <div className="form-error" role="alert">{failure}</div> : null}
          {busy ? <Loading label="Creating the portfolio" /> : null}
          <div className="choice-grid">
            <button className="choice" onClick={() => void start('empty')} disabled={busy}>
              <strong>Empty portfolio</strong>
              <span className="muted">Start from scratch and register your own models.</span>
            </button>
            <button className="choice" onClick={() => void start('demo')} disabled={busy}>
              <strong>Demo portfolio</strong>
              <span className="muted">250 realistic synthetic models across ten business units, to explore the app.</span>
            </button>
          </div>
        </div>
      )}
    </div>
  );
};
