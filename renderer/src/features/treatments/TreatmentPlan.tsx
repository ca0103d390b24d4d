import { useState } from 'react';
import { categoryLabels, type RiskCategory } from '../../../../shared/assessment';
import { acceptanceStatusLabels, actionMoves, actionStatusLabels, isActionOverdue, isFinished, type ActionStatus, type RiskAcceptance, type TreatmentAction } from '../../../../shared/treatments';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { EvidenceTable } from '../../components/EvidenceTable';
import { Field } from '../../components/Field';
import { FinishFields, stageEvidence } from '../../components/FinishFields';
import { PeopleList, PersonControl, usePeopleChoices } from '../../components/PersonPicker';
import { useToast } from '../../components/Toasts';
import { useSubmit } from '../../components/useSubmit';
import { todayUtc } from '../../../../shared/schedule';

const MOVE_LABEL: Record<ActionStatus, string> = { planned: 'Back to planned', in_progress: 'Start', done: 'Done…', cancelled: 'Cancel the action…' };

export const ActionStatusBadge = ({ a }: { a: TreatmentAction }) => (
  <>
    <span className={a.status === 'done' ? 'badge badge-ok' : a.status === 'cancelled' ? 'badge badge-plain' : 'badge'}>{actionStatusLabels[a.status]}</span>
    {isActionOverdue(a, todayUtc()) ? <> <span className="badge badge-warn">overdue</span></> : null}
  </>
);

export const AcceptanceStatusBadge = ({ a }: { a: RiskAcceptance }) => (
  <span className={a.status === 'expired' ? 'badge badge-warn' : a.status === 'expiring' ? 'badge badge-warn' : a.status === 'superseded' ? 'badge badge-plain' : 'badge badge-ok'}>{acceptanceStatusLabels[a.status]}</span>
);

/** One acceptance as the assessment, the model page and My work state it. */
export const AcceptanceNote = ({ a }: { a: RiskAcceptance }) => (
  <div className="banner" role="note" aria-label={`Acceptance of ${categoryLabels[a.category]}`}>
    <strong>Accepted</strong> ({a.band} residual) by {a.acceptedBy}{a.acceptedOs ? ` (${a.acceptedOs})` : ''} on <span className="nowrap">{a.acceptedAt.slice(0, 10)}</span>, until <span className="nowrap">{a.expiresOn}</span> <AcceptanceStatusBadge a={a} />
    <br />“{a.justification}”
  </div>
);

/** Progress on one action: its fields while open; done or cancelled asks for a note and takes evidence files. */
export const ActionDialog = ({ action, editable, onClose, onSaved }: { action: TreatmentAction; editable: boolean; onClose: () => void; onSaved: (a: TreatmentAction) => void }) => {
  const { directory, choices } = usePeopleChoices();
  const [title, setTitle] = useState(action.title);
  const [owner, setOwner] = useState(action.owner);
  const [dueDate, setDueDate] = useState(action.dueDate ?? '');
  const [finishing, setFinishing] = useState<ActionStatus | null>(null);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const { busy, errors, submit } = useSubmit();
  const open = editable && !isFinished(action.status);
  const save = (status: ActionStatus): Promise<void> =>
    submit(async () => {
      const evidence = isFinished(status) ? await stageEvidence(files) : [];
      onSaved(await call('actions.update', { id: action.id, expectedUpdatedAt: action.updatedAt, title, owner, dueDate: dueDate || null, status, ...(isFinished(status) ? { note, evidence } : {}) }));
    });
  return (
    <Dialog
      open
      variant="drawer"
      onOpenChange={(o) => (o ? undefined : onClose())}
      title={`Action ${action.id} · ${action.modelRef}`}
      description={`${categoryLabels[action.category]} · planned in v${action.assessmentVersion} · ${actionStatusLabels[action.status]}`}
      footer={
        <>
          <button className="btn" onClick={onClose}>Done</button>
          {open && !finishing ? actionMoves[action.status].map((to) => <button key={to} className="btn" disabled={busy} onClick={() => (isFinished(to) ? setFinishing(to) : void save(to))}>{MOVE_LABEL[to]}</button>) : null}
          {open && finishing ? <button className="btn btn-primary" disabled={busy} onClick={() => void save(finishing)}>{finishing === 'done' ? 'Mark as done' : 'Cancel the action'}</button> : null}
          {open && !finishing ? <button className="btn btn-primary" disabled={busy} onClick={() => void save(action.status)}>Save</button> : null}
        </>
      }
    >
      {errors.form ? <div className="form-error" role="alert">{errors.form}</div> : null}
      <div className="form-grid">
        <Field label="Action" error={errors.title} wide>
          <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} disabled={!open || !!finishing} />
        </Field>
        <Field label="Owner" error={errors.owner}>
          <PersonControl value={owner} onChange={setOwner} directory={directory} choices={choices} listId="action-owners" disabled={!open || !!finishing} />
        </Field>
        <Field label="Due date" error={errors.dueDate}>
          <input className="input" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} disabled={!open || !!finishing} />
        </Field>
      </div>
      <PeopleList id="action-owners" choices={choices} />
      {finishing ? (
        <FinishFields group="Finishing the action" label="Note" hint={finishing === 'done' ? 'what was done, and how it was checked' : 'why the action is no longer needed'} note={note} onNote={setNote} onFiles={setFiles} errors={errors} noteError="note" />
      ) : null}
      {isFinished(action.status) ? (
        <section aria-label="Outcome">
          <h3>{actionStatusLabels[action.status]} {action.finishedAt?.slice(0, 10)} by {action.finishedBy}</h3>
          <p>{action.note}</p>
          <EvidenceTable evidence={action.evidence} />
        </section>
      ) : null}
    </Dialog>
  );
};

/** The actions of one risk: a table, each opening its dialog, and (where allowed) a row to plan one more. */
export const ActionsTable = ({ actions, caption, editable, onChanged }: { actions: TreatmentAction[]; caption: string; editable: boolean; onChanged: (a: TreatmentAction) => void }) => {
  const [opened, setOpened] = useState<TreatmentAction | null>(null);
  if (actions.length === 0) return null;
  return (
    <>
      <table className="data-table" aria-label={caption}>
        <thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th><span className="sr-only">Open</span></th></tr></thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id}>
              <td>{a.title}</td>
              <td>{a.owner}</td>
              <td className="mono nowrap">{a.dueDate ?? '—'}</td>
              <td className="nowrap"><ActionStatusBadge a={a} /></td>
              <td><button type="button" className="btn btn-small" onClick={() => setOpened(a)} aria-label={`Open action ${a.title}`}>Open</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {opened ? <ActionDialog action={opened} editable={editable} onClose={() => setOpened(null)} onSaved={(a) => { setOpened(null); onChanged(a); }} /> : null}
    </>
  );
};

/** Plans one more action for a mitigated risk: what, who, by when. */
export const NewAction = ({ modelRef, category, onCreated }: { modelRef: string; category: RiskCategory; onCreated: (a: TreatmentAction) => void }) => {
  const { directory, choices } = usePeopleChoices();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const { busy, errors, submit } = useSubmit();
  const toast = useToast();
  const listId = `owners-${category}`;
  // The form stays for the next action.
  const add = (): Promise<void> =>
    submit(async () => {
      const a = await call('actions.create', { ref: modelRef, category, title, owner, dueDate: dueDate || null });
      setTitle('');
      setDueDate('');
      toast({ kind: 'success', title: `Action planned for ${categoryLabels[category]}` });
      onCreated(a);
    }, true);
  return (
    <div className="form-grid" role="group" aria-label={`New action for ${categoryLabels[category]}`}>
      {errors.form ? <div className="form-error field-wide" role="alert">{errors.form}</div> : null}
      <Field label="New action" error={errors.title ?? errors.category}>
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What will be done" />
      </Field>
      <Field label="Action owner" error={errors.owner}>
        <PersonControl value={owner} onChange={setOwner} directory={directory} choices={choices} listId={listId} />
      </Field>
      <Field label="Action due date" error={errors.dueDate}>
        <input className="input" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </Field>
      <div className="field" style={{ alignSelf: 'end', justifySelf: 'start' }}>
        <button type="button" className="btn" disabled={busy} onClick={() => void add()}>Add action</button>
      </div>
      <PeopleList id={listId} choices={choices} />
    </div>
  );
};
