import { useState } from 'react';
import type { RemapRule } from '../../../../shared/assessment';
import type { StartPlan } from '../../../../shared/contract';
import { Dialog } from '../../components/Dialog';

type Props = { plan: StartPlan | null; onCancel: () => void; onConfirm: (rule: RemapRule) => void };

/**
 * The copied assessment used another matrix: the user sees what each rule does to its levels and
 * confirms one. Every copied level is then marked in the editor until it is submitted.
 */
export const RemapDialog = ({ plan, onCancel, onConfirm }: Props) => {
  const [rule, setRule] = useState<RemapRule>('band');
  if (!plan?.copiedFrom) return null;
  const from = plan.copiedFrom.matrix;
  const chosen = plan.options.find((o) => o.rule === rule);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title="The risk matrix changed since the last approval"
      description={`v${plan.copiedFrom.version} was scored on ${from.name} (version ${from.version}, ${from.probability} × ${from.impact}); the matrix in force is ${plan.matrix.name} (version ${plan.matrix.version}, ${plan.matrix.probability} × ${plan.matrix.impact}). Choose how its levels are carried over.`}
      footer={
        <>
          <button className="btn" onClick={onCancel}>Cancel</button>
          <button className="btn btn-primary" onClick={() => onConfirm(rule)}>Start the reassessment</button>
        </>
      }
    >
      <div role="radiogroup" aria-label="How levels are carried over" style={{ display: 'grid', gap: 8 }}>
        {plan.options.map((o) => (
          <label key={o.rule} style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
            <input type="radio" name="remap" checked={rule === o.rule} onChange={() => setRule(o.rule)} />
            <span>
              <strong>{o.label}</strong> <span className="muted">— {o.description}</span>
            </span>
          </label>
        ))}
      </div>
      {chosen ? (
        chosen.changes.length ? (
          <table className="data-table" aria-label="Levels that change" style={{ marginTop: 12 }}>
            <thead>
              <tr><th>Risk</th><th>Level</th><th>Was</th><th>Becomes</th></tr>
            </thead>
            <tbody>
              {chosen.changes.map((c) => (
                <tr key={`${c.category}-${c.field}`}><td>{c.category}</td><td>{c.field}</td><td>{c.from}</td><td>{c.to}</td></tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No level changes under this rule.</p>
        )
      ) : null}
      {chosen ? <p className="muted">All {chosen.marked} copied levels are marked “carried over — check” in the assessment until you submit it.</p> : null}
    </Dialog>
  );
};
