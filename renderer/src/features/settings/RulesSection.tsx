import { useEffect, useState } from 'react';
import { categoryLabels } from '../../../../shared/assessment';
import { issuesFromZod } from '../../../../shared/errors';
import { rulesSchema, type Rule } from '../../../../shared/monitoring';
import { call, errorMessage } from '../../api/client';
import { useToast } from '../../components/Toasts';
import { Loading } from '../../components/Loading';

/** Monitoring rules: which metrics breach at what threshold, which risks they touch, what they suggest. */
export const RulesSection = ({ editable }: { editable: boolean }) => {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [staleDays, setStaleDays] = useState('');
  const [staleProblem, setStaleProblem] = useState<string | null>(null);
  const toast = useToast();
  useEffect(() => {
    call('monitoring.rules', {}).then(setRules, (e: unknown) => setProblems([errorMessage(e)]));
    call('monitoring.staleDays', {}).then((d) => setStaleDays(String(d)), (e: unknown) => setStaleProblem(errorMessage(e)));
  }, []);
  const saveStale = async (): Promise<void> => {
    const days = Number(staleDays);
    if (!/^\d+$/.test(staleDays.trim()) || days < 1 || days > 36500) return setStaleProblem('The age is a whole number of days from 1 to 36500.');
    setStaleProblem(null);
    try {
      setStaleDays(String(await call('monitoring.saveStaleDays', { days })));
      toast({ kind: 'success', title: 'Stale-data age saved', body: `Exports whose latest value is older than ${days} days import as history, without findings.` });
    } catch (e) {
      setStaleProblem(errorMessage(e));
    }
  };
  if (!rules) return <Loading label="Loading the monitoring rules" />;
  const set = (k: number, patch: Partial<Rule>): void => setRules(rules.map((r, j) => (j === k ? { ...r, ...patch } : r)));
  const save = async (): Promise<void> => {
    const parsed = rulesSchema.safeParse(rules);
    if (!parsed.success) return setProblems(issuesFromZod(parsed.error).map((i) => `rule ${Number(i.path.split('.')[0]) + 1}: ${i.message}`));
    setProblems([]);
    try {
      setRules(await call('monitoring.saveRules', { rules: parsed.data }));
      toast({ kind: 'success', title: 'Monitoring rules saved', body: 'They apply to the next imports.' });
    } catch (e) {
      setProblems([errorMessage(e)]);
    }
  };
  return (
    <section className="section" aria-labelledby="rules-title" style={{ maxWidth: 1060 }}>
      <h2 id="rules-title">Monitoring rules</h2>
      {problems.length ? <div className="form-error" role="alert">{problems.join(' · ')}</div> : null}
      <table className="data-table" aria-label="Monitoring rules">
        <thead><tr><th>Rule</th><th>Metric (pattern)</th><th>Breach when</th><th>Threshold</th><th>Risks</th><th>Suggests probability</th></tr></thead>
        <tbody>
          {rules.map((r, k) => (
            <tr key={r.id}>
              <td>{r.label}</td>
              <td className="mono">{r.metric}</td>
              <td>{r.condition}</td>
              <td>
                {r.condition === 'above' || r.condition === 'below' ? (
                  <input className="input" style={{ width: 80 }} inputMode="decimal" disabled={!editable} aria-label={`Threshold of ${r.label}`} value={r.threshold ?? ''} onChange={(e) => set(k, { threshold: e.target.value.trim() === '' ? null : Number(e.target.value) })} />
                ) : (
                  <span className="muted">from the export</span>
                )}
              </td>
              <td>{r.categories.map((c) => categoryLabels[c]).join(', ')}</td>
              <td>
                <select className="select" style={{ width: 64 }} disabled={!editable} aria-label={`Suggested probability of ${r.label}`} value={r.probability} onChange={(e) => set(k, { probability: Number(e.target.value) })}>
                  {[1, 2, 3, 4, 5].map((n) => <option key={n}>{n}</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions" style={{ marginTop: 12 }}>
        {editable ? <button className="btn btn-primary" onClick={() => void save()}>Save rules</button> : <span className="muted">Only a review lead can change the rules.</span>}
      </div>
      <h3>Stale data</h3>
      <p className="muted">An export whose latest value is older than this is labelled stale at its preview and imported as history: it opens no finding and brings no review forward.</p>
      {staleProblem ? <div className="form-error" role="alert">{staleProblem}</div> : null}
      <div className="actions">
        <label>Stale after{' '}
          <input className="input" style={{ width: 80 }} inputMode="numeric" disabled={!editable} aria-label="Stale after (days)" value={staleDays} onChange={(e) => setStaleDays(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && editable) void saveStale(); }} /> days
        </label>
        {editable ? <button className="btn" onClick={() => void saveStale()}>Save age</button> : null}
      </div>
    </section>
  );
};
