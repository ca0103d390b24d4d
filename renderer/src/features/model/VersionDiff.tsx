import { useEffect, useState } from 'react';
import { categoryLabels, diffRisks, riskCategories, type Assessment, type ScoredRisk } from '../../../../shared/assessment';
import { call, errorMessage } from '../../api/client';
import { Loading } from '../../components/Loading';

const cellText = (r: ScoredRisk | undefined, which: 'inherent' | 'residual'): string => {
  if (!r) return '—';
  const p = which === 'inherent' ? r.inherentProbability : r.residualProbability;
  const i = which === 'inherent' ? r.inherentImpact : r.residualImpact;
  const band = which === 'inherent' ? r.inherentBand : r.residualBand;
  return p && i ? `P${p} × I${i} = ${p * i} (${band?.name ?? '?'})` : '—';
};

const who = (a: Assessment): string =>
  `${a.assessor ?? a.createdBy}${a.submittedAt ? `, submitted ${a.submittedAt.slice(0, 10)}` : ''}${a.decidedBy ? `; ${a.status} by ${a.decidedBy} ${a.decidedAt?.slice(0, 10) ?? ''}` : ''}`;

/** Two versions side by side, changed fields highlighted, with who did what. */
export const VersionDiff = ({ ids }: { ids: [number, number] }) => {
  const [pair, setPair] = useState<[Assessment, Assessment] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(ids.map((id) => call('assessments.get', { id }))).then(
      ([x, y]) => setPair([x!.assessment, y!.assessment]),
      (e: unknown) => setFailure(errorMessage(e)),
    );
  }, [ids]);
  if (failure) return <p className="form-error" role="alert">{failure}</p>;
  if (!pair) return <Loading label="Loading the versions" />;
  const [a, b] = pair;
  const changes = diffRisks(a.risks, b.risks);
  const changed = (category: string, field: string): boolean => changes.some((c) => c.category === category && c.field === field);
  const rows: [string, string, (r: ScoredRisk | undefined) => string][] = [
    ['inherent', 'Inherent', (r) => cellText(r, 'inherent')],
    ['controls', 'Controls', (r) => r?.controls || '—'],
    ['residual', 'Residual', (r) => cellText(r, 'residual')],
    ['treatment', 'Treatment', (r) => r?.treatment ?? '—'],
    ['rationale', 'Rationale', (r) => r?.rationale || '—'],
  ];
  const fieldChanged = (category: string, key: string): boolean =>
    key === 'inherent' || key === 'residual' ? changed(category, `${key} probability`) || changed(category, `${key} impact`) : changed(category, key);
  return (
    <section className="section" aria-labelledby="diff-title" style={{ maxWidth: 1060 }}>
      <h2 id="diff-title">v{a.version} → v{b.version}: {changes.length === 0 ? 'no change' : `${changes.length} change${changes.length > 1 ? 's' : ''}`}</h2>
      <table className="data-table" aria-label={`Differences between v${a.version} and v${b.version}`}>
        <thead>
          <tr>
            <th>Risk</th><th>Field</th>
            <th>v{a.version} <span className="muted">({who(a)})</span></th>
            <th>v{b.version} <span className="muted">({who(b)})</span></th>
          </tr>
        </thead>
        <tbody>
          {riskCategories.flatMap((category) => {
            const x = a.risks.find((r) => r.category === category);
            const y = b.risks.find((r) => r.category === category);
            return rows.map(([key, label, show], k) => {
              const diff = fieldChanged(category, key);
              return (
                <tr key={`${category}-${key}`} className={diff ? 'diff-changed' : undefined} aria-label={diff ? `${categoryLabels[category]} ${label} changed` : undefined}>
                  {k === 0 ? <th rowSpan={rows.length} scope="rowgroup">{categoryLabels[category]}</th> : null}
                  <td>{label}{diff ? ' •' : ''}</td>
                  <td>{show(x)}</td>
                  <td>{show(y)}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
    </section>
  );
};
