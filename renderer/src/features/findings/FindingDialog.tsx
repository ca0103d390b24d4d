import { useState } from 'react';
import { categoryLabels, type RiskCategory } from '../../../../shared/assessment';
import { findingKindLabels, manualFindingKinds, remediationLabels, remediationMoves } from '../../../../shared/findings';
import type { Finding, Remediation } from '../../../../shared/monitoring';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { EvidenceTable } from '../../components/EvidenceTable';
import { Field } from '../../components/Field';
import { FinishFields, stageEvidence } from '../../components/FinishFields';
import { PeopleList, PersonControl, usePeopleChoices } from '../../components/PersonPicker';
import { useSubmit } from '../../components/useSubmit';

type Fields = { severity: Finding['severity']; description: string; owner: string; dueDate: string; actionPlan: string };
const MOVE_LABEL: Record<Remediation, string> = { open: 'Reopen', in_remediation: 'Start remediation', closed: 'Close…' };

/** Severity, description, owner, due date and action plan: the same fields to record and to change. */
const FindingFields = ({ value, set, errors, disabled }: { value: Fields; set: (patch: Partial<Fields>) => void; errors: Record<string, string>; disabled: boolean }) => {
  const { directory, choices } = usePeopleChoices();
  return (
    <>
      <Field label="Severity" error={errors.severity}>
        <select className="select" value={value.severity} disabled={disabled} onChange={(e) => set({ severity: e.target.value as Finding['severity'] })}>
          <option value="high">high</option>
          <option value="medium">medium</option>
          <option value="low">low</option>
        </select>
      </Field>
      <Field label="Owner" error={errors.owner} hint={directory ? undefined : 'the person who sees the remediation through'}>
        <PersonControl value={value.owner} onChange={(owner) => set({ owner })} directory={directory} choices={choices} listId="finding-owners" disabled={disabled} />
      </Field>
      <PeopleList id="finding-owners" choices={choices} />
      <Field label="Due date" error={errors.dueDate}>
        <input className="input" type="date" value={value.dueDate} disabled={disabled} onChange={(e) => set({ dueDate: e.target.value })} />
      </Field>
      <Field label="Description" error={errors.description} wide>
        <textarea className="textarea" rows={2} value={value.description} disabled={disabled} onChange={(e) => set({ description: e.target.value })} />
      </Field>
      <Field label="Action plan" error={errors.actionPlan} wide>
        <textarea className="textarea" rows={2} value={value.actionPlan} disabled={disabled} onChange={(e) => set({ actionPlan: e.target.value })} />
      </Field>
    </>
  );
};

const fieldsOf = (f: Finding): Fields => ({ severity: f.severity, description: f.description, owner: f.owner, dueDate: f.dueDate ?? '', actionPlan: f.actionPlan });
const sent = (v: Fields) => ({ severity: v.severity, description: v.description, owner: v.owner, dueDate: v.dueDate || null, actionPlan: v.actionPlan });

/** One finding: its facts, its editable fields, and its remediation (closing asks why, and takes evidence files). */
export const FindingDialog = ({ finding, editable, onClose, onSaved }: { finding: Finding; editable: boolean; onClose: () => void; onSaved: (f: Finding) => void }) => {
  const [value, setValue] = useState<Fields>(fieldsOf(finding));
  const { busy, errors, submit } = useSubmit();
  const [closing, setClosing] = useState(false);
  const [justification, setJustification] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const closed = finding.remediation === 'closed';
  const canEdit = editable && !closed;

  const act = (fn: () => Promise<Finding>): Promise<void> => submit(async () => onSaved(await fn()));
  const move = (to: Remediation): Promise<void> =>
    act(async () => {
      const evidence = to === 'closed' ? await stageEvidence(files) : [];
      return await call('findings.setRemediation', { id: finding.id, expectedUpdatedAt: finding.updatedAt, remediation: to, ...(to === 'closed' ? { justification, evidence } : {}) });
    });

  return (
    <Dialog
      open
      variant="drawer"
      onOpenChange={(o) => (o ? undefined : onClose())}
      title={`Finding ${finding.id} · ${finding.modelRef}`}
      description={`${findingKindLabels[finding.kind]} · ${categoryLabels[finding.category]} · ${remediationLabels[finding.remediation]}`}
      footer={
        <>
          <button className="btn" onClick={onClose}>Done</button>
          {canEdit && !closing
            ? remediationMoves[finding.remediation].map((to) => (
                <button key={to} className="btn" disabled={busy} onClick={() => (to === 'closed' ? setClosing(true) : void move(to))}>{MOVE_LABEL[to]}</button>
              ))
            : null}
          {canEdit && closing ? <button className="btn btn-primary" disabled={busy} onClick={() => void move('closed')}>Close the finding</button> : null}
          {canEdit && !closing ? <button className="btn btn-primary" disabled={busy} onClick={() => void act(() => call('findings.update', { id: finding.id, expectedUpdatedAt: finding.updatedAt, fields: sent(value) }))}>Save</button> : null}
        </>
      }
    >
      {errors.form ? <div className="form-error" role="alert">{errors.form}</div> : null}
      <p><strong>{finding.label}</strong>{finding.metric ? <span className="muted"> · {finding.metric}{finding.feature ? ` · ${finding.feature}` : ''} · {finding.breaches} breaches, {finding.windowFrom.slice(0, 10)} – {finding.windowTo.slice(0, 10)}{finding.fileName ? ` · ${finding.fileName}` : ''}</span> : <span className="muted"> · recorded {finding.createdAt.slice(0, 10)}</span>}</p>
      <div className="form-grid">
        <FindingFields value={value} set={(p) => setValue((v) => ({ ...v, ...p }))} errors={errors} disabled={!canEdit || closing} />
      </div>
      {closing ? (
        <FinishFields group="Closing the finding" label="Justification" hint="what was done, and how it was checked" note={justification} onNote={setJustification} onFiles={setFiles} errors={errors} noteError="justification" />
      ) : null}
      {closed ? (
        <section aria-label="Closure">
          <h3>Closed {finding.closedAt?.slice(0, 10)} by {finding.closedBy}</h3>
          <p>{finding.closure}</p>
          <EvidenceTable evidence={finding.evidence} />
        </section>
      ) : null}
    </Dialog>
  );
};

/** A finding entered by hand: a validation issue, a limitation or an incident of one model. */
export const NewFindingDialog = ({ categories, onCancel, onCreated }: { categories: readonly RiskCategory[]; onCancel: () => void; onCreated: (f: Finding) => void }) => {
  const [ref, setRef] = useState('');
  const [kind, setKind] = useState<(typeof manualFindingKinds)[number]>('validation');
  const [category, setCategory] = useState<RiskCategory>('bad_prediction');
  const [title, setTitle] = useState('');
  const [value, setValue] = useState<Fields>({ severity: 'medium', description: '', owner: '', dueDate: '', actionPlan: '' });
  const { busy, errors, submit } = useSubmit();
  const save = (): Promise<void> => submit(async () => onCreated(await call('findings.create', { ref: ref.trim().toUpperCase(), kind, category, title, ...sent(value) })));
  return (
    <Dialog
      open
      onOpenChange={(o) => (o ? undefined : onCancel())}
      title="New finding"
      description="A validation issue, a limitation or an incident, with who remediates it and by when"
      footer={
        <>
          <button className="btn" onClick={onCancel}>Cancel</button>
          <button className="btn btn-primary" disabled={busy} onClick={() => void save()}>Record the finding</button>
        </>
      }
    >
      {errors.form ? <div className="form-error" role="alert">{errors.form}</div> : null}
      <div className="form-grid">
        <Field label="Model reference" error={errors.ref} hint="such as MDL-0042">
          <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} autoFocus />
        </Field>
        <Field label="Kind" error={errors.kind}>
          <select className="select" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {manualFindingKinds.map((k) => <option key={k} value={k}>{findingKindLabels[k]}</option>)}
          </select>
        </Field>
        <Field label="Risk" error={errors.category}>
          <select className="select" value={category} onChange={(e) => setCategory(e.target.value as RiskCategory)}>
            {categories.map((c) => <option key={c} value={c}>{categoryLabels[c]}</option>)}
          </select>
        </Field>
        <Field label="Title" error={errors.title} wide>
          <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <FindingFields value={value} set={(p) => setValue((v) => ({ ...v, ...p }))} errors={errors} disabled={false} />
      </div>
    </Dialog>
  );
};
