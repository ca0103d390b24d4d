import { useEffect, useState, type FormEvent } from 'react';
import type { AppInfo } from '../../../../shared/contract';
import { issuesFromZod } from '../../../../shared/errors';
import type { Person } from '../../../../shared/people';
import { profileSchema, roleLabels, roles, type Role } from '../../../../shared/profile';
import { ApiError, call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';

type Props = { info: AppInfo; onChanged: () => void };

/**
 * Who is at the keyboard. People are records with an id: renaming keeps the person; another
 * person at this computer switches profile or adds one. A role is granted by another review lead
 * (chosen here) whenever one exists; the app says plainly that names are self-declared.
 */
export const ProfileSection = ({ info, onChanged }: Props) => (info.identity.mode === 'directory' ? <DirectoryProfile info={info} /> : <LocalProfile info={info} onChanged={onChanged} />);

/** On a team database: who the database says you are, not editable here (an administrator keeps the directory). */
const DirectoryProfile = ({ info }: { info: AppInfo }) => {
  const me = info.profile!;
  return (
    <section className="section" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <p className="banner" role="note">{info.identity.statement}</p>
      <dl className="dl" aria-label="Who you are">
        <dt>Name</dt>
        <dd>{me.name}</dd>
        <dt>Role</dt>
        <dd>{roleLabels[me.role]}</dd>
        <dt>Signed in as</dt>
        <dd className="mono">{info.identity.login}</dd>
      </dl>
      <p className="muted">Your name and role come from the team&apos;s directory and cannot be changed here: an administrator changes them (mrd --db URL team set-role).</p>
    </section>
  );
};

const LocalProfile = ({ info, onChanged }: Props) => {
  const me = info.profile!;
  const [people, setPeople] = useState<Person[]>([]);
  const [name, setName] = useState(me.name);
  const [role, setRole] = useState<Role>(me.role);
  const [confirmedBy, setConfirmedBy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState('');
  const [fresh, setFresh] = useState({ name: '', role: 'risk_officer' as Role, confirmedBy: '' });
  const [freshErrors, setFreshErrors] = useState<Record<string, string>>({});
  const toast = useToast();

  useEffect(() => {
    call('people.list', {}).then(setPeople, (e: unknown) => toast({ kind: 'error', title: 'People not loaded', body: errorMessage(e) }));
  }, [toast, info]);
  const leads = (except: number | null): Person[] => people.filter((p) => p.role === 'review_lead' && p.id !== except);
  const needsConfirmation = role !== me.role && leads(me.id).length > 0;
  const freshNeedsConfirmation = fresh.role === 'review_lead' && leads(null).length > 0;
  const fieldErrors = (e: unknown): Record<string, string> =>
    e instanceof ApiError && e.data.details?.issues ? Object.fromEntries(e.data.details.issues.map((i) => [i.path, i.message])) : { name: errorMessage(e) };

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = profileSchema.safeParse({ name, role, ...(needsConfirmation && confirmedBy ? { confirmedBy: Number(confirmedBy) } : {}) });
    if (!parsed.success) return setErrors(Object.fromEntries(issuesFromZod(parsed.error).map((i) => [i.path, i.message])));
    if (needsConfirmation && !confirmedBy) return setErrors({ confirmedBy: 'choose the review lead who confirms the new role' });
    setErrors({});
    try {
      await call('profile.save', parsed.data);
      toast({ kind: 'success', title: 'Profile saved', body: role !== me.role ? `Role changed to ${roleLabels[role]}; the change is its own entry in the audit log.` : undefined });
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };

  const switchTo = async (): Promise<void> => {
    try {
      const p = await call('profile.switch', { personId: Number(other) });
      toast({ kind: 'success', title: `Now acting as ${p.name}` });
      onChanged();
    } catch (err) {
      toast({ kind: 'error', title: 'Profile not switched', body: errorMessage(err) });
    }
  };

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = profileSchema.safeParse({ name: fresh.name, role: fresh.role, ...(freshNeedsConfirmation && fresh.confirmedBy ? { confirmedBy: Number(fresh.confirmedBy) } : {}) });
    if (!parsed.success) return setFreshErrors(Object.fromEntries(issuesFromZod(parsed.error).map((i) => [i.path, i.message])));
    if (freshNeedsConfirmation && !fresh.confirmedBy) return setFreshErrors({ confirmedBy: 'choose the review lead who confirms the role' });
    setFreshErrors({});
    try {
      const p = await call('profile.create', parsed.data);
      toast({ kind: 'success', title: `Profile created: ${p.name}`, body: 'It is now the profile at this computer.' });
      setFresh({ name: '', role: 'risk_officer', confirmedBy: '' });
      onChanged();
    } catch (err) {
      setFreshErrors(fieldErrors(err));
    }
  };

  const leadOptions = (except: number | null) => leads(except).map((p) => <option key={p.id} value={p.id}>{p.name} (#{p.id})</option>);
  const others = people.filter((p) => p.id !== me.id);
  return (
    <section className="section" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <p className="banner" role="note">
        {info.identity.statement} You are profile #{me.id}, at the operating-system account <span className="mono">{info.identity.osUser}</span>.
        {info.identity.sharedComputer ? ' The review policy allows decisions on a shared computer; they are marked as such.' : ''}
      </p>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="Your profile">
        <div className="form-grid">
          <Field label="Name" error={errors.name} hint="Written into the audit trail of every change you make; renaming keeps your profile id">
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Role" error={errors.role}>
            <select className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
            </select>
          </Field>
          {needsConfirmation ? (
            <Field label="Confirmed by (review lead)" error={errors.confirmedBy} hint="A role is granted by another review lead">
              <select className="select" value={confirmedBy} onChange={(e) => setConfirmedBy(e.target.value)}>
                <option value="">Choose…</option>
                {leadOptions(me.id)}
              </select>
            </Field>
          ) : null}
        </div>
        <div style={{ marginTop: 12 }}>
          <button className="btn btn-primary" type="submit">Save profile</button>
        </div>
      </form>
      <h3>Someone else at this computer</h3>
      <div className="actions">
        <select className="select" style={{ width: 260 }} aria-label="Switch to profile" value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">{others.length ? 'Choose a profile…' : 'No other profile yet'}</option>
          {others.map((p) => <option key={p.id} value={p.id}>{p.name} — {roleLabels[p.role]} (#{p.id})</option>)}
        </select>
        <button className="btn" disabled={!other} onClick={() => void switchTo()}>Switch profile</button>
      </div>
      <form onSubmit={(e) => void create(e)} noValidate aria-label="New profile" style={{ marginTop: 12 }}>
        <div className="form-grid">
          <Field label="New profile: name" error={freshErrors.name}>
            <input className="input" value={fresh.name} onChange={(e) => setFresh({ ...fresh, name: e.target.value })} />
          </Field>
          <Field label="New profile: role" error={freshErrors.role}>
            <select className="select" value={fresh.role} onChange={(e) => setFresh({ ...fresh, role: e.target.value as Role })}>
              {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
            </select>
          </Field>
          {freshNeedsConfirmation ? (
            <Field label="New profile: confirmed by" error={freshErrors.confirmedBy} hint="A new review lead is confirmed by an existing one">
              <select className="select" value={fresh.confirmedBy} onChange={(e) => setFresh({ ...fresh, confirmedBy: e.target.value })}>
                <option value="">Choose…</option>
                {leadOptions(null)}
              </select>
            </Field>
          ) : null}
        </div>
        <div style={{ marginTop: 12 }}>
          <button className="btn" type="submit">Add profile</button>
        </div>
      </form>
    </section>
  );
};
