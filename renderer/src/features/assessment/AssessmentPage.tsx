import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { categoryLabels, scoreRisks, overallBand, type Assessment, type Editor, type RiskInput } from '../../../../shared/assessment';
import type { AppCommand } from '../../../../shared/contract';
import type { RiskMatrix } from '../../../../shared/matrix';
import type { Finding } from '../../../../shared/monitoring';
import { ApiError, call, errorMessage } from '../../api/client';
import { bridge } from '../../api/transport';
import { COMMAND_EVENT } from '../../app/commands';
import { canAssess, canDecide, useSession } from '../../app/session';
import { BandBadge } from '../../components/BandBadge';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';
import { DecisionPanel } from './DecisionPanel';
import { RiskEditor } from './RiskEditor';
import { RiskTreatment } from './RiskTreatment';
import type { RiskAcceptance, TreatmentAction } from '../../../../shared/treatments';
import type { ReviewPolicy } from '../../../../shared/schedule';
import { Loading } from '../../components/Loading';

/** "14:05" today, "1 Dec 14:05" before: local time, as the clock on the wall says it. */
const sinceText = (iso: string): string => {
  const d = new Date(iso);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
};

const strip = (a: Assessment): RiskInput[] => a.risks.map(({ inherentBand: _i, residualBand: _r, flags: _f, ...r }) => r);

/** Scores the four risks of one assessment; the handlers enforce the workflow, this page follows it. */
export const AssessmentPage = ({ modelRef, id }: { modelRef: string; id: number }) => {
  const { profile, identity, go, changes } = useSession();
  const toast = useToast();
  const [data, setData] = useState<{ assessment: Assessment; matrix: RiskMatrix } | null>(null);
  const [risks, setRisks] = useState<RiskInput[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<Finding[]>([]);
  const [actions, setActions] = useState<TreatmentAction[]>([]);
  const [acceptances, setAcceptances] = useState<RiskAcceptance[]>([]);
  const [policy, setPolicy] = useState<ReviewPolicy | null>(null);
  useEffect(() => void call('reviews.policy', {}).then(setPolicy, () => undefined), []);

  const accept = useCallback((a: Assessment, matrix?: RiskMatrix) => {
    setData((d) => (matrix ? { assessment: a, matrix } : d ? { ...d, assessment: a } : d));
    setRisks(strip(a));
    setDirty(false);
  }, []);

  // Loaded again when someone else changes something (team database), unless there are unsaved edits here.
  const dirtyNow = useRef(false);
  dirtyNow.current = dirty;
  useEffect(() => {
    if (dirtyNow.current) return;
    call('assessments.get', { id }).then(
      (r) => {
        if (!dirtyNow.current) accept(r.assessment, r.matrix);
      },
      (e: unknown) => setFailure(errorMessage(e)),
    );
    call('findings.list', { ref: modelRef, status: 'open' }).then(setEvidence, () => setEvidence([]));
    call('actions.list', { ref: modelRef }).then(setActions, () => setActions([]));
    call('acceptances.list', { ref: modelRef }).then(setAcceptances, () => setAcceptances([]));
  }, [id, accept, modelRef, changes]);
  const upsertAction = (x: TreatmentAction): void => setActions((xs) => (xs.some((y) => y.id === x.id) ? xs.map((y) => (y.id === x.id ? x : y)) : [...xs, x]));

  const a = data?.assessment;
  const editable = !!a && (a.status === 'draft' || a.status === 'rejected') && canAssess(profile);
  const live = useMemo(() => (data ? scoreRisks(risks, data.matrix) : []), [risks, data]);

  // Who else has it open for editing (team database): asked on opening, every 30 s (which also
  // renews this screen's own note while it edits), whenever someone opens or closes it, and
  // forgotten when this page closes.
  const [editors, setEditors] = useState<Editor[]>([]);
  useEffect(() => {
    if (!a) return;
    const ask = (open: boolean): void => void call('assessments.editing', { id: a.id, open }).then(setEditors, () => undefined);
    ask(editable);
    const timer = setInterval(() => ask(editable), 30_000);
    const unsubscribe = bridge.subscribe((e) => (e.kind === 'presence' && e.assessmentId === a.id && e.login !== identity.login ? ask(editable) : undefined));
    return () => {
      clearInterval(timer);
      unsubscribe();
      if (editable) void call('assessments.editing', { id: a.id, open: false }).catch(() => undefined);
    };
  }, [a?.id, editable, identity.login]); // eslint-disable-line react-hooks/exhaustive-deps -- keyed by the assessment, not each save

  const run = useCallback(
    async (what: string, fn: () => Promise<Assessment>): Promise<Assessment | null> => {
      setBusy(true);
      setFailure(null);
      try {
        const next = await fn();
        accept(next);
        setErrors({});
        toast({ kind: 'success', title: what });
        return next;
      } catch (e) {
        if (e instanceof ApiError && e.data.details?.issues) setErrors(Object.fromEntries(e.data.details.issues.map((i) => [i.path.replace(/^risks\./, 'risks.'), i.message])));
        setFailure(errorMessage(e));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [accept, toast],
  );

  const save = useCallback(async (): Promise<Assessment | null> => {
    if (!a) return null;
    return run('Draft saved', () => call('assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks }));
  }, [a, risks, run]);

  // Submitting asks first when a risk is flagged (naming each flag) or when nothing changed since
  // the copied version (the reason is recorded): `confirming` holds what it asks about.
  const [confirming, setConfirming] = useState<{ flags: string[]; needReason: boolean } | null>(null);
  const [reason, setReason] = useState('');
  const flagged = live.flatMap((r) => r.flags.map((f) => `${categoryLabels[r.category]}: ${f}`));
  const submit = async (confirmed = false): Promise<void> => {
    if (!a) return;
    if (!confirmed && flagged.length) return setConfirming({ flags: flagged, needReason: false });
    const current = dirty ? await save() : a;
    if (!current) return;
    const done = await run('Submitted for approval', () => call('assessments.submit', { id: current.id, expectedUpdatedAt: current.updatedAt, ...(confirming?.needReason ? { unchangedReason: reason } : {}) }));
    if (done) setConfirming(null);
  };
  // The server says when a copy is unchanged: the confirmation then asks for the reason.
  useEffect(() => {
    if (errors.unchangedReason) setConfirming((c) => ({ flags: c?.flags ?? flagged, needReason: true }));
  }, [errors.unchangedReason]); // eslint-disable-line react-hooks/exhaustive-deps
  // A refused field is scrolled to the middle of the screen (clear of the sticky bar) and focused.
  useEffect(() => {
    const first = document.querySelector<HTMLElement>('form [aria-invalid="true"]');
    if (!first) return;
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
  }, [errors]);

  useEffect(() => {
    const onCommand = (e: Event): void => {
      if ((e as CustomEvent<AppCommand>).detail === 'save' && editable && dirty) void save();
    };
    window.addEventListener(COMMAND_EVENT, onCommand);
    return () => window.removeEventListener(COMMAND_EVENT, onCommand);
  }, [editable, dirty, save]);

  if (failure && !data) {
    return (
      <div className="empty" role="alert">
        <strong>The assessment could not be opened</strong>
        {failure}
      </div>
    );
  }
  if (!data || !a) return <Loading label="Loading the assessment" />;
  const overall = overallBand(live, 'residualBand');

  return (
    <>
      <div className="page-head">
        <button className="btn btn-ghost" onClick={() => go({ page: 'model', ref: modelRef })} aria-label={`Back to ${modelRef}`}>
          ←
        </button>
        <h1>
          Assessment v{a.version} · {modelRef}
        </h1>
        <span className={`badge status-${a.status}`}>{a.status}</span>
        <span className="muted">matrix v{a.matrixVersion}</span>
        <span className="header-spacer" />
        {overall ? (
          <BandBadge band={overall}>Overall residual: {overall.name}</BandBadge>
        ) : null}
      </div>
      <div className="page">
        {a.status === 'rejected' ? (
          <div className="banner banner-danger" role="status">
            Rejected by {a.decidedBy} on {a.decidedAt?.slice(0, 10)}: “{a.decisionComment}”. Revise and submit again.
          </div>
        ) : null}
        {a.status === 'approved' ? (
          <div className="banner banner-ok" role="status">
            Approved by {a.decidedBy} on {a.decidedAt?.slice(0, 10)}{a.sharedComputer ? ' on a shared computer (the same operating-system account as the submission)' : ''}{a.decisionComment ? `: “${a.decisionComment}”` : ''}. Approved assessments cannot change; start a reassessment from the model page.
          </div>
        ) : null}
        {a.status === 'submitted' ? (
          <div className="banner banner-warn" role="status">
            Submitted by {a.assessor} on {a.submittedAt?.slice(0, 10)}; awaiting a review lead other than {a.assessor}.
          </div>
        ) : null}
        {editors.length > 0 ? (
          <div className="banner banner-warn" role="status" aria-label="Also editing">
            {editors.map((e) => `${e.name} (${e.login})`).join(', ')} {editors.length === 1 ? 'has' : 'have'} this assessment open for editing since {editors.map((e) => sinceText(e.since)).join(', ')}
            {editable ? '; saving here while they edit means one of you will be asked to reload.' : '.'}
          </div>
        ) : null}
        {!canAssess(profile) ? <div className="banner" role="status">You are signed in as an auditor: read only.</div> : null}
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          aria-label={`Assessment of ${modelRef}`}
        >
          {live.map((r, i) => (
            <RiskEditor
              key={r.category}
              index={i}
              risk={r}
              matrix={data.matrix}
              editable={editable}
              errors={errors}
              findings={evidence.filter((f) => f.category === r.category)}
              carried={editable && data.assessment.remapped ? new Set(data.assessment.remapped.fields.filter((f) => f.startsWith(`risks.${i}.`)).map((f) => f.split('.')[2]!)) : undefined}
              onChange={(patch) => {
                setRisks((rs) => rs.map((x, k) => (k === i ? { ...x, ...patch } : x)));
                setDirty(true);
              }}
            >
              <RiskTreatment
                modelRef={modelRef}
                assessment={data.assessment}
                risk={r}
                savedTreatment={data.assessment.risks[i]?.treatment ?? null}
                actions={actions.filter((x) => x.category === r.category)}
                acceptance={acceptances.find((x) => x.assessmentId === data.assessment.id && x.category === r.category)}
                policy={policy}
                canAssess={canAssess(profile)}
                onAction={upsertAction}
              />
            </RiskEditor>
          ))}
          {editable && confirming ? (
            <div className="banner banner-warn" role="group" aria-label="Confirm the submission" style={{ maxWidth: 1060 }}>
              {confirming.flags.length ? (
                <>
                  <p style={{ margin: '0 0 6px' }}>
                    <strong>{confirming.flags.length === 1 ? 'One risk is flagged' : `${confirming.flags.length} flags are open`}:</strong>
                  </p>
                  <ul style={{ margin: '0 0 8px' }}>
                    {confirming.flags.map((f) => <li key={f}>{f}</li>)}
                  </ul>
                </>
              ) : null}
              {confirming.needReason ? (
                <Field label="Why it is submitted unchanged" error={errors.unchangedReason} hint="nothing changed since the version it copies; the reason is recorded with the submission" wide>
                  <textarea className="textarea" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
                </Field>
              ) : null}
              <div className="actions" style={{ marginTop: 8 }}>
                <button type="button" className="btn btn-primary" autoFocus={!confirming.needReason} disabled={busy} onClick={() => void submit(true)}>
                  {confirming.flags.length ? 'Submit with these flags' : 'Submit'}
                </button>
                <button type="button" className="btn" onClick={() => setConfirming(null)}>Cancel</button>
              </div>
            </div>
          ) : null}
          {editable ? (
            <div className="actions sticky-actions">
              <button type="button" className="btn" onClick={() => void save()} disabled={busy || !dirty}>
                Save draft
              </button>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Submit for approval
              </button>
              <span className="muted">{dirty ? 'Unsaved changes (Ctrl+S saves)' : 'All changes saved'}</span>
            </div>
          ) : null}
        </form>
        {a.status === 'submitted' && canDecide(profile) ? (
          <DecisionPanel
            assessment={a}
            me={profile}
            identity={identity}
            policy={policy}
            onDecided={(next) => {
              accept(next);
              call('acceptances.list', { ref: modelRef }).then(setAcceptances, () => undefined);
            }}
          />
        ) : null}
      </div>
    </>
  );
};
