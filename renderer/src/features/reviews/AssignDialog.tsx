import { useEffect, useState } from 'react';
import type { Person } from '../../../../shared/people';
import { useSession } from '../../app/session';
import type { ReviewRow } from '../../../../shared/contract';
import { ApiError, call, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';

export const AssignDialog = ({ row, onCancel, onSaved }: { row: ReviewRow; onCancel: () => void; onSaved: (r: ReviewRow) => void }) => {
  const [reviewer, setReviewer] = useState(row.reviewer ?? '');
  const [date, setDate] = useState(row.plannedDate ?? row.due ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // On a team database the reviewer is chosen from the directory; elsewhere typed, with the people here offered.
  const { identity } = useSession();
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    call('people.list', {}).then(setPeople, () => setPeople([]));
  }, []);
  const directory = identity.mode === 'directory';
  const choices = people.filter((p) => !p.disabled && (!directory || p.login) && p.role !== 'auditor');
  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      onSaved(await call('reviews.assign', { ref: row.ref, reviewer, plannedDate: date }));
    } catch (e) {
      setErrors(e instanceof ApiError && e.data.details?.issues ? Object.fromEntries(e.data.details.issues.map((i) => [i.path, i.message])) : { form: errorMessage(e) });
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      variant="small"
      onOpenChange={(o) => (o ? undefined : onCancel())}
      title={`Plan the review of ${row.ref}`}
      description={`Due ${row.due} — ${row.reason}`}
      footer={
        <>
          <button className="btn" onClick={onCancel}>Cancel</button>
          <button className="btn btn-primary" disabled={busy} onClick={() => void save()}>Save plan</button>
        </>
      }
    >
      {errors.form ? <div className="form-error" role="alert">{errors.form}</div> : null}
      <div className="form-grid" style={{ gridTemplateColumns: '1fr' }}>
        <Field label="Reviewer" error={errors.reviewer}>
          {directory ? (
            <select className="select" value={reviewer} onChange={(e) => setReviewer(e.target.value)} autoFocus>
              <option value="">Choose a person of the team…</option>
              {choices.map((p) => <option key={p.id} value={p.name}>{p.name} ({p.login})</option>)}
            </select>
          ) : (
            <input className="input" value={reviewer} onChange={(e) => setReviewer(e.target.value)} autoFocus list="reviewer-people" />
          )}
        </Field>
        {/* Outside the field: the field labels its one control. */}
        <datalist id="reviewer-people">{choices.map((p) => <option key={p.id} value={p.name} />)}</datalist>
        <Field label="Planned date" error={errors.plannedDate}>
          <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
};
