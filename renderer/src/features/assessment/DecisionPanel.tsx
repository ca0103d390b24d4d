import { useState } from 'react';
import { fourEyesConflict, type Assessment } from '../../../../shared/assessment';
import type { Person } from '../../../../shared/people';
import type { IdentityInfo } from '../../../../shared/profile';
import { call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';

/** Approve or reject, with a comment (required to reject). The four-eyes rule is the handler's. */
export const DecisionPanel = ({ assessment: a, me, identity, onDecided }: { assessment: Assessment; me: Person; identity: IdentityInfo; onDecided: (a: Assessment) => void }) => {
  const [comment, setComment] = useState('');
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
    setConfirming(false);
    try {
      // The version read here goes with the decision: if it changed meanwhile the decision is refused, saying who changed what.
      const next = action === 'approve' ? await call('assessments.approve', { id: a.id, comment, expectedUpdatedAt: a.updatedAt }) : await call('assessments.reject', { id: a.id, comment, expectedUpdatedAt: a.updatedAt });
      toast({ kind: 'success', title: action === 'approve' ? `Assessment v${a.version} approved` : `Assessment v${a.version} rejected` });
      onDecided(next);
    } catch (e) {
      setError(errorMessage(e));
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
      {confirming ? (
        <div className="banner" role="group" aria-label="Confirm the approval" style={{ marginTop: 12 }}>
          <p style={{ margin: '0 0 8px' }}>
            Approve {a.modelRef} v{a.version}? Its scores become the model&apos;s current rating and can no longer change; a later change needs a reassessment.
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
