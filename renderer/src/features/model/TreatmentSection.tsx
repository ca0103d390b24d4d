import { useEffect, useState } from 'react';
import { categoryLabels } from '../../../../shared/assessment';
import type { RiskAcceptance, TreatmentAction } from '../../../../shared/treatments';
import { call } from '../../api/client';
import { canAssess, useSession } from '../../app/session';
import { AcceptanceStatusBadge, ActionsTable } from '../treatments/TreatmentPlan';

/** The model page's treatment plan (every action, by risk) and its risk acceptances, current and past. */
export const TreatmentSection = ({ modelRef }: { modelRef: string }) => {
  const { profile, changes } = useSession();
  const [actions, setActions] = useState<TreatmentAction[] | null>(null);
  const [acceptances, setAcceptances] = useState<RiskAcceptance[]>([]);
  useEffect(() => {
    call('actions.list', { ref: modelRef }).then(setActions, () => setActions([]));
    call('acceptances.list', { ref: modelRef }).then(setAcceptances, () => setAcceptances([]));
  }, [modelRef, changes]);
  if (!actions) return null;
  const open = actions.filter((a) => a.status === 'planned' || a.status === 'in_progress').length;
  return (
    <section className="section" aria-labelledby="treatment-title">
      <h2 id="treatment-title">Treatment plan and acceptances</h2>
      {actions.length === 0 && acceptances.length === 0 ? <p className="muted">No treatment action and no risk acceptance yet: they are planned and given on an assessment.</p> : null}
      {actions.length ? (
        <>
          <p className="muted">{open} of {actions.length} actions open.</p>
          <ActionsTable
            actions={actions.map((a) => ({ ...a, title: `${categoryLabels[a.category]}: ${a.title}` }))}
            caption="Treatment actions"
            editable={canAssess(profile)}
            onChanged={(x) => setActions((xs) => (xs ?? []).map((y) => (y.id === x.id ? x : y)))}
          />
        </>
      ) : null}
      {acceptances.length ? (
        <table className="data-table" aria-label="Risk acceptances" style={{ marginTop: 12 }}>
          <thead><tr><th>Risk</th><th>Version</th><th>Band</th><th>Accepted by</th><th>On</th><th>Expires</th><th>Status</th><th>Justification</th></tr></thead>
          <tbody>
            {acceptances.map((a) => (
              <tr key={a.id}>
                <td>{categoryLabels[a.category]}</td>
                <td><a href={`#/models/${encodeURIComponent(modelRef)}/assessments/${a.assessmentId}`}>v{a.assessmentVersion}</a></td>
                <td>{a.band}</td>
                <td>{a.acceptedBy}</td>
                <td className="mono nowrap">{a.acceptedAt.slice(0, 10)}</td>
                <td className="mono nowrap">{a.expiresOn}</td>
                <td className="nowrap"><AcceptanceStatusBadge a={a} /></td>
                <td>{a.justification}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};
