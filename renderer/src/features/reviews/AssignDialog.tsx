import { useState } from 'react';
import type { ReviewRow } from '../../../../shared/contract';
import { ApiError, call, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { PeopleList, PersonControl, usePeopleChoices } from '../../components/PersonPicker';

export const AssignDialog = ({ row, onCancel, onSaved }: { row: ReviewRow; onCancel: () => void; onSaved: (r: ReviewRow) => void }) => {
  const [reviewer, setReviewer] = useState(row.reviewer ?? '');
  const [date, setDate] = useState(row.plannedDate ?? row.due ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // On a team database the reviewer is chosen from the directory; elsewhere typed, with the people here offered.
  const { directory, choices } = usePeopleChoices();
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
          <PersonControl value={reviewer} onChange={setReviewer} directory={directory} choices={choices} listId="reviewer-people" autoFocus />
        </Field>
        {/* Outside the field: the field labels its one control. */}
        <PeopleList id="reviewer-people" choices={choices} />
        <Field label="Planned date" error={errors.plannedDate}>
          <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
};
