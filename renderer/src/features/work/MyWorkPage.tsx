import { useEffect, useState } from 'react';
import type { MyWork, WorkAssessment } from '../../../../shared/contract';
import { isOverdue, remediationLabels } from '../../../../shared/findings';
import { call, errorMessage } from '../../api/client';
import { useSession } from '../../app/session';
import { Loading } from '../../components/Loading';
import { categoryLabels } from '../../../../shared/assessment';
import { EXPIRING_DAYS } from '../../../../shared/treatments';
import { AcceptanceStatusBadge, ActionStatusBadge } from '../treatments/TreatmentPlan';
import { todayUtc } from '../../../../shared/schedule';


const Section = ({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: React.ReactNode }) => (
  <section className="section" aria-labelledby={`${id}-title`} style={{ maxWidth: 1020 }}>
    <h2 id={`${id}-title`}>{title} ({count})</h2>
    {count === 0 ? <p className="muted">{empty}</p> : children}
  </section>
);

const assessmentHref = (a: WorkAssessment): string => `#/models/${encodeURIComponent(a.ref)}/assessments/${a.id}`;

/**
 * My work, the landing screen: what waits for the person at the keyboard, each row opening the
 * thing itself. Refreshed when someone else's change arrives (a team database).
 */
export const MyWorkPage = ({ onCount }: { onCount: (n: number) => void }) => {
  const { profile, changes } = useSession();
  const [work, setWork] = useState<MyWork | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const today = todayUtc();
  useEffect(() => {
    call('work.mine', {}).then(
      (w) => {
        setWork(w);
        onCount(w.count);
      },
      (e: unknown) => setFailure(errorMessage(e)),
    );
  }, [changes, onCount]);

  return (
    <>
      <div className="page-head">
        <h1>My work</h1>
        <span className="muted">{profile.name}: what waits for you, oldest first.</span>
      </div>
      <div className="page">
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        {!work ? (
          <Loading label="Loading your work" />
        ) : (
          <>
            {profile.role === 'review_lead' ? (
              <Section id="decide" title="Submissions awaiting your decision" count={work.awaitingDecision.length} empty="No submission waits for a decision.">
                <table className="data-table" aria-label="Submissions awaiting your decision">
                  <thead><tr><th>Model</th><th>Assessment</th><th>Submitted by</th><th>Submitted</th></tr></thead>
                  <tbody>
                    {work.awaitingDecision.map((a) => (
                      <tr key={a.id}>
                        <td>{a.ref} {a.modelName}</td>
                        <td><a href={assessmentHref(a)}>Decide v{a.version}</a></td>
                        <td>{a.assessor}</td>
                        <td className="mono nowrap">{a.at.slice(0, 10)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Section>
            ) : null}
            <Section id="rework" title="Drafts and rejected assessments to rework" count={work.rework.length} empty="No draft or rejected assessment of yours.">
              <table className="data-table" aria-label="Drafts and rejected assessments">
                <thead><tr><th>Model</th><th>Assessment</th><th>Status</th><th>Since</th><th>Comment</th></tr></thead>
                <tbody>
                  {work.rework.map((a) => (
                    <tr key={a.id}>
                      <td>{a.ref} {a.modelName}</td>
                      <td><a href={assessmentHref(a)}>{a.status === 'rejected' ? 'Revise' : 'Continue'} v{a.version}</a></td>
                      <td className={a.status === 'rejected' ? 'warn' : undefined}>{a.status}</td>
                      <td className="mono nowrap">{a.at.slice(0, 10)}</td>
                      <td>{a.comment || <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section id="reviews" title="Reviews assigned to you" count={work.reviews.length} empty="No review is planned with you as reviewer.">
              <table className="data-table" aria-label="Reviews assigned to you">
                <thead><tr><th>Model</th><th>Planned</th><th>Due</th><th>Status</th></tr></thead>
                <tbody>
                  {work.reviews.map((r) => (
                    <tr key={r.ref}>
                      <td><a href={`#/models/${encodeURIComponent(r.ref)}`}>{r.ref}</a> {r.name}</td>
                      <td className="mono nowrap">{r.plannedDate ?? '—'}</td>
                      <td className="mono nowrap">{r.due ?? '—'}</td>
                      <td className={r.status === 'overdue' ? 'warn' : undefined}>{r.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section id="findings" title="Findings you own" count={work.findings.length} empty="No open finding is yours.">
              <table className="data-table" aria-label="Findings you own">
                <thead><tr><th>#</th><th>Model</th><th>Finding</th><th>Due</th><th>Remediation</th></tr></thead>
                <tbody>
                  {work.findings.map((f) => (
                    <tr key={f.id}>
                      <td className="mono">{f.id}</td>
                      <td><a href={`#/models/${encodeURIComponent(f.modelRef)}`}>{f.modelRef}</a></td>
                      <td><a href={`#/findings/${f.id}`}>{f.label}</a></td>
                      <td className="mono nowrap">{f.dueDate ?? '—'} {isOverdue(f, today) ? <span className="badge badge-warn">overdue</span> : null}</td>
                      <td>{remediationLabels[f.remediation]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section id="actions" title="Treatment actions you own" count={work.actions.length} empty="No open treatment action is yours.">
              <table className="data-table" aria-label="Treatment actions you own">
                <thead><tr><th>Model</th><th>Risk</th><th>Action</th><th>Due</th><th>Status</th></tr></thead>
                <tbody>
                  {work.actions.map((x) => (
                    <tr key={x.id}>
                      <td><a href={`#/models/${encodeURIComponent(x.modelRef)}`}>{x.modelRef}</a> {x.modelName}</td>
                      <td>{categoryLabels[x.category]}</td>
                      <td><a href={`#/models/${encodeURIComponent(x.modelRef)}/assessments/${x.assessmentId}`}>{x.title}</a></td>
                      <td className="mono nowrap">{x.dueDate ?? '—'}</td>
                      <td className="nowrap"><ActionStatusBadge a={x} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section id="acceptances" title={`Risk acceptances expired or expiring within ${EXPIRING_DAYS} days`} count={work.acceptances.length} empty="No acceptance you gave or asked for expires soon.">
              <table className="data-table" aria-label="Risk acceptances expiring">
                <thead><tr><th>Model</th><th>Risk</th><th>Accepted by</th><th>Expires</th><th>Status</th></tr></thead>
                <tbody>
                  {work.acceptances.map((x) => (
                    <tr key={x.id}>
                      <td><a href={`#/models/${encodeURIComponent(x.modelRef)}`}>{x.modelRef}</a> {x.modelName}</td>
                      <td><a href={`#/models/${encodeURIComponent(x.modelRef)}/assessments/${x.assessmentId}`}>{categoryLabels[x.category]}</a> ({x.band})</td>
                      <td>{x.acceptedBy}</td>
                      <td className="mono nowrap">{x.expiresOn}</td>
                      <td className="nowrap"><AcceptanceStatusBadge a={x} />{x.status === 'expired' ? <span className="muted"> until reassessed</span> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          </>
        )}
      </div>
    </>
  );
};
