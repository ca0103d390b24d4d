import { useEffect, useState } from 'react';
import { issuesFromZod } from '../../../../shared/errors';
import type { RiskMatrix } from '../../../../shared/matrix';
import { reviewPolicySchema, type ReviewPolicy } from '../../../../shared/schedule';
import { acceptanceMonthsOf } from '../../../../shared/treatments';
import { call, errorMessage } from '../../api/client';
import { useToast } from '../../components/Toasts';
import { Loading } from '../../components/Loading';

/** Review intervals per band, the longest acceptance per band, caps per tier, basis and horizon; saving recomputes every due date. */
export const PolicySection = ({ matrix, editable }: { matrix: RiskMatrix; editable: boolean }) => {
  const [policy, setPolicy] = useState<ReviewPolicy | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const toast = useToast();
  useEffect(() => {
    call('reviews.policy', {}).then(setPolicy, (e: unknown) => setProblems([errorMessage(e)]));
  }, []);
  if (!policy) return <Loading label="Loading the review policy" />;
  const num = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v));
  const save = async (): Promise<void> => {
    const parsed = reviewPolicySchema.safeParse(policy);
    if (!parsed.success) return setProblems(issuesFromZod(parsed.error).map((i) => `${i.path}: ${i.message}`));
    setProblems([]);
    try {
      setPolicy(await call('reviews.savePolicy', { policy: parsed.data }));
      toast({ kind: 'success', title: 'Review policy saved', body: 'Every due date follows the new policy.' });
    } catch (e) {
      setProblems([errorMessage(e)]);
    }
  };
  return (
    <section className="section" aria-labelledby="policy-title">
      <h2 id="policy-title">Review policy</h2>
      {problems.length ? <div className="form-error" role="alert">{problems.join(' · ')}</div> : null}
      <div className="actions" style={{ marginBottom: 8 }}>
        {[...matrix.bands].sort((a, b) => b.order - a.order).map((b) => (
          <label key={b.id} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <span className="swatch" style={{ background: b.color }} aria-hidden="true" /> {b.name}
            <input className="input" style={{ width: 64 }} inputMode="numeric" disabled={!editable} aria-label={`Months between reviews, ${b.name}`} value={Number.isNaN(policy.intervals[b.id]) ? '' : (policy.intervals[b.id] ?? 12)} onChange={(e) => setPolicy({ ...policy, intervals: { ...policy.intervals, [b.id]: num(e.target.value) } })} />
            months
          </label>
        ))}
      </div>
      <div className="actions" style={{ marginBottom: 8 }} role="group" aria-label="Risk acceptance: longest acceptance by residual band">
        <span>Accept for at most</span>
        {[...matrix.bands].sort((a, b) => b.order - a.order).map((b) => (
          <label key={b.id} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <span className="swatch" style={{ background: b.color }} aria-hidden="true" /> {b.name}
            <input className="input" style={{ width: 64 }} inputMode="numeric" disabled={!editable} aria-label={`Longest acceptance, ${b.name}, in months (0 refuses)`} value={Number.isNaN(policy.acceptanceMonths[b.id]) ? '' : acceptanceMonthsOf(policy, b.id)} onChange={(e) => setPolicy({ ...policy, acceptanceMonths: { ...policy.acceptanceMonths, [b.id]: num(e.target.value) } })} />
            months
          </label>
        ))}
        <span className="muted">0 refuses acceptance of that band.</span>
      </div>
      <div className="actions" style={{ marginBottom: 8 }}>
        {(['1', '2', '3'] as const).map((t) => (
          <label key={t} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            Tier {t} at most
            <input className="input" style={{ width: 64 }} inputMode="numeric" disabled={!editable} aria-label={`Cap for tier ${t} in months`} placeholder="—" value={policy.tierCaps[t] ?? ''} onChange={(e) => setPolicy({ ...policy, tierCaps: { ...policy.tierCaps, [t]: e.target.value.trim() === '' ? null : num(e.target.value) } })} />
            months
          </label>
        ))}
      </div>
      <div className="actions">
        <label>Band used{' '}
          <select className="select" style={{ width: 130 }} disabled={!editable} value={policy.basis} onChange={(e) => setPolicy({ ...policy, basis: e.target.value as ReviewPolicy['basis'] })}>
            <option value="residual">Residual</option>
            <option value="inherent">Inherent</option>
          </select>
        </label>
        <label>“Due soon” horizon{' '}
          <input className="input" style={{ width: 70 }} inputMode="numeric" disabled={!editable} aria-label="Horizon in days" value={Number.isNaN(policy.horizonDays) ? '' : policy.horizonDays} onChange={(e) => setPolicy({ ...policy, horizonDays: num(e.target.value) })} /> days
        </label>
        {editable ? <button className="btn btn-primary" onClick={() => void save()}>Save policy</button> : <span className="muted">Only a review lead can change the policy.</span>}
      </div>
      <label style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginTop: 12, maxWidth: 760 }}>
        <input type="checkbox" disabled={!editable} checked={policy.sharedComputer} onChange={(e) => setPolicy({ ...policy, sharedComputer: e.target.checked })} />
        <span>
          <strong>Shared computer</strong>{' '}
          <span className="muted">
            Several people really share this computer's operating-system account. Off (the default), a decision made under the account that made the submission is refused: two profiles at one desk count as one person. On, it is allowed and marked “shared computer” in the history, the audit log and the reports.
          </span>
        </span>
      </label>
    </section>
  );
};
