import { useState } from 'react';
import { categoryLabels, fourEyesConflict, type Assessment, type ScoredRisk } from '../../../../shared/assessment';
import type { ReviewPolicy } from '../../../../shared/schedule';
import { acceptanceMonthsOf, latestExpiry } from '../../../../shared/treatments';
import type { Person } from '../../../../shared/people';
import type { IdentityInfo } from '../../../../shared/profile';
import { ApiError, call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';
import { todayUtc } from '../../../../shared/schedule';

/** Approve or reject, with a comment (required to reject). The four-eyes rule is the handler's. */
export const DecisionPanel = ({ assessment: a, me, identity, policy, onDecided }: { assessment: Assessment; me: Person; identity: IdentityInfo; policy: ReviewPolicy | null; onDecided: (a: Assessment) => void }) => {
  const [comment, setComment] = useState('');
  // Each risk treated by accept is accepted here, by this lead: why, and until when (the policy caps it by band).
  const today = todayUtc();
  const accepted = a.risks.filter((r) => r.treatment === 'accept');
  const [given, setGiven] = useState<Record<string, { justification: string; expiresOn: string }>>({});
  const entry = (r: ScoredRisk): { justification: string; expiresOn: string } => given[r.category] ?? { justification: '', expiresOn: (policy && r.residualBand ? latestExpiry(policy, r.residualBand.id, today) : null) ?? '' };
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Approving freezes the scores for good: it asks once more, naming what is approved.
  const [confirming, setConfirming] = useState(false);
  const toast = useToast();
  const verdict = fourEyesConflict(a, me, identity.osUser, identity.sharedComputer);
  const own = verdict.reason !== null;
  const decide = async (action: 'approve' | 'reject'): Promise<void> => {
    if (action === 'reject' && comment.trim().length < 3) return setError('Say why the assessment is rejected (at least 3 characters)');
    setBusy(true);
    setError(undefined);
    setIssues({});
    setConfirming(false);
    try {
      // The version read here goes with the decision: if it changed meanwhile the decision is refused, saying who changed what.
      const acceptances = accepted.map((r) => ({ category: r.category, ...entry(r) }));
      const next = action === 'approve' ? await call('assessments.approve', { id: a.id, comment, expectedUpdatedAt: a.updatedAt, ...(acceptances.length ? { acceptances } : {}) }) : await call('assessments.reject', { id: a.id, comment, expectedUpdatedAt: a.updatedAt });
      toast({ kind: 'success', title: action === 'approve' ? `Assessment v${a.version} approved` : `Assessment v${a.version} rejected` });
      onDecided(next);
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError && e.data.details?.issues) setIssues(Object.fromEntries(e.data.details.issues.map((i) => [i.path, i.message])));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="decision-title" style={{ maxWidth: 1060 }}>
      <h2 id="decision-title">Decision</h2>
      {own ? <p className="banner banner-warn">Four-eyes rule: {verdict.reason}.</p> : null}
      {verdict.sharedComputer ? <p className="banner banner-warn">This submission was made at this computer's operating-system account. The review policy allows it (shared computer); your decision will be marked as made on a shared computer.</p> : null}
      <Field label="Comment" error={error} hint="Optional to approve, required to reject" wide>
        <textarea className="textarea" value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {accepted.length ? (
        <div role="group" aria-label="Risk acceptances" style={{ marginTop: 12 }}>
          <h3 className="small-heading">Risk acceptances</h3>
          <p className="muted">Approving accepts {accepted.length === 1 ? 'this risk' : 'these risks'} in your name: say why the residual risk is tolerable, and until when.</p>
          {accepted.map((r) => {
            const k = accepted.indexOf(r);
            const cap = policy && r.residualBand ? acceptanceMonthsOf(policy, r.residualBand.id) : null;
            const e = entry(r);
            const set = (patch: Partial<{ justification: string; expiresOn: string }>): void => setGiven((g) => ({ ...g, [r.category]: { ...e, ...patch } }));
            return (
              <fieldset key={r.category} className="form-grid" aria-label={`Acceptance of ${categoryLabels[r.category]}`}>
                <legend>{categoryLabels[r.category]}: {r.residualBand?.name ?? 'no'} residual risk</legend>
                {cap === 0 ? <p className="flag field-wide" role="status">⚠ The review policy does not allow accepting a {r.residualBand?.name} residual risk: reject the assessment so it is treated otherwise, or change the policy.</p> : null}
                <Field label={`Justification for ${categoryLabels[r.category]}`} error={issues[`acceptances.${k}.justification`]} wide>
                  <textarea className="textarea" rows={2} value={e.justification} onChange={(x) => set({ justification: x.target.value })} />
                </Field>
                <Field label={`Acceptance of ${categoryLabels[r.category]} expires on`} error={issues[`acceptances.${k}.expiresOn`]} hint={cap ? `at most ${cap} months for ${r.residualBand?.name}` : undefined}>
                  <input className="input" type="date" value={e.expiresOn} onChange={(x) => set({ expiresOn: x.target.value })} />
                </Field>
              </fieldset>
            );
          })}
        </div>
      ) : null}
      {confirming ? (
        <div className="banner" role="group" aria-label="Confirm the approval" style={{ marginTop: 12 }}>
          <p style={{ margin: '0 0 8px' }}>
            Approve {a.modelRef} v{a.version}? Its scores become the model&apos;s current rating and can no longer change; a later change needs a reassessment.
            {accepted.length ? ` You accept ${accepted.map((r) => `${categoryLabels[r.category]} until ${entry(r).expiresOn || '(no date)'}`).join(', ')}.` : ''}
          </p>
          <div className="actions">
            <button className="btn btn-primary" autoFocus onClick={() => void decide('approve')} disabled={busy}>
              Confirm approval
            </button>
            <button className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions" style={{ marginTop: 12 }}>
          <button className="btn btn-primary" onClick={() => setConfirming(true)} disabled={busy || own}>
            Approve…
          </button>
          <button className="btn btn-danger" onClick={() => void decide('reject')} disabled={busy || own}>
            Reject
          </button>
        </div>
      )}
    </section>
  );
};
