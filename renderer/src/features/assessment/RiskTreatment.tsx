import { categoryLabels, type Assessment, type ScoredRisk, type Treatment } from '../../../../shared/assessment';
import type { ReviewPolicy } from '../../../../shared/schedule';
import { acceptanceMonthsOf, type RiskAcceptance, type TreatmentAction } from '../../../../shared/treatments';
import { AcceptanceNote, ActionsTable, NewAction } from '../treatments/TreatmentPlan';

type Props = {
  modelRef: string;
  assessment: Assessment;
  risk: ScoredRisk;
  /** The treatment as saved (actions are planned for a saved mitigate). */
  savedTreatment: Treatment | null;
  actions: TreatmentAction[];
  acceptance: RiskAcceptance | undefined;
  policy: ReviewPolicy | null;
  canAssess: boolean;
  onAction: (a: TreatmentAction) => void;
};

/**
 * Under a risk: what its treatment means in practice. Mitigate lists the actions carrying it out
 * (they keep progressing after approval); accept shows the acceptance, or what approving it will ask.
 */
export const RiskTreatment = ({ modelRef, assessment: a, risk: r, savedTreatment, actions, acceptance, policy, canAssess, onAction }: Props) => {
  if (r.treatment === 'mitigate') {
    const label = `Treatment plan for ${categoryLabels[r.category]}`;
    return (
      <section className="risk-treatment" aria-label={label}>
        <h3 className="small-heading">Treatment plan</h3>
        {actions.length ? <ActionsTable actions={actions} caption={`Actions for ${categoryLabels[r.category]}`} editable={canAssess} onChanged={onAction} /> : <p className="muted">No action planned yet: say what will be done, by whom and by when.</p>}
        {canAssess && savedTreatment === 'mitigate' ? <NewAction modelRef={modelRef} category={r.category} onCreated={onAction} /> : null}
        {canAssess && savedTreatment !== 'mitigate' ? <p className="muted">Save the draft to plan actions for this risk.</p> : null}
      </section>
    );
  }
  if (r.treatment === 'accept') {
    const band = r.residualBand;
    const months = band && policy ? acceptanceMonthsOf(policy, band.id) : null;
    return (
      <section className="risk-treatment" aria-label={`Risk acceptance for ${categoryLabels[r.category]}`}>
        <h3 className="small-heading">Risk acceptance</h3>
        {acceptance ? (
          <AcceptanceNote a={acceptance} />
        ) : a.status === 'approved' ? (
          <p className="muted">Approved before acceptances were recorded: no acceptance on file.</p>
        ) : months === 0 ? (
          <p className="flag" role="status">⚠ The review policy does not allow accepting a {band?.name} residual risk: choose another treatment.</p>
        ) : (
          <p className="muted">A review lead other than the assessor accepts this risk when approving: a justification and an expiry date{months ? `, at most ${months} months for a ${band?.name} residual risk` : ''}.</p>
        )}
      </section>
    );
  }
  return null;
};
