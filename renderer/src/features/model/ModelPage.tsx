import { useCallback, useEffect, useState } from 'react';
import type { AssessmentSummary, RemapRule } from '../../../../shared/assessment';
import type { ReviewRow, StartPlan } from '../../../../shared/contract';
import type { Model } from '../../../../shared/model';
import { call, errorMessage } from '../../api/client';
import { canAssess, useSession } from '../../app/session';
import { BandBadge } from '../../components/BandBadge';
import { useToast } from '../../components/Toasts';
import { MonitoringSection } from './MonitoringSection';
import { RemapDialog } from './RemapDialog';
import { VersionDiff } from './VersionDiff';
import { TreatmentSection } from './TreatmentSection';
import { Loading } from '../../components/Loading';

const day = (s: string | null): string => (s ? s.slice(0, 10) : '—');

/** One model: its rating, its assessment history, and a side-by-side diff of any two versions. */
export const ModelPage = ({ modelRef }: { modelRef: string }) => {
  const { profile, go, changes } = useSession();
  const toast = useToast();
  const [model, setModel] = useState<Model | null>(null);
  const [history, setHistory] = useState<AssessmentSummary[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [compare, setCompare] = useState<number[]>([]);
  const [plan, setPlan] = useState<StartPlan | null>(null);
  const [review, setReview] = useState<{ row: ReviewRow; triggers: { kind: string; reason: string; date: string; open: boolean }[] } | null>(null);

  const loadReview = useCallback(() => {
    Promise.all([call('reviews.get', { ref: modelRef }), call('reviews.triggers', { ref: modelRef })]).then(
      ([row, triggers]) => setReview({ row, triggers }),
      () => setReview(null),
    );
  }, [modelRef]);

  useEffect(() => {
    Promise.all([call('models.get', { ref: modelRef }), call('assessments.list', { ref: modelRef })]).then(
      ([m, h]) => {
        setModel(m);
        setHistory(h);
        setCompare(h.slice(0, 2).map((x) => x.id));
      },
      (e: unknown) => setFailure(errorMessage(e)),
    );
    loadReview();
  }, [modelRef, loadReview, changes]);

  if (failure) return <div className="empty" role="alert"><strong>{modelRef} could not be opened</strong>{failure}</div>;
  if (!model || !history) return <Loading label="Loading the model" />;

  const current = history.find((h) => h.status === 'approved');
  const open = history.find((h) => h.status !== 'approved');
  /** A reassessment copied across a matrix change first asks how its levels are carried over. */
  const start = async (remap?: RemapRule): Promise<void> => {
    try {
      if (!remap) {
        const p = await call('assessments.planStart', { ref: modelRef });
        if (p.needsRule) return setPlan(p);
      }
      setPlan(null);
      const a = await call('assessments.start', { ref: modelRef, ...(remap ? { remap } : {}) });
      go({ page: 'assessment', ref: modelRef, id: a.id });
    } catch (e) {
      toast({ kind: 'error', title: 'The assessment could not start', body: errorMessage(e) });
    }
  };
  const toggle = (id: number): void => setCompare((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c.slice(-1), id]));

  return (
    <>
      <RemapDialog plan={plan} onCancel={() => setPlan(null)} onConfirm={(rule) => void start(rule)} />
      <div className="page-head">
        <button className="btn btn-ghost" onClick={() => go({ page: 'inventory' })} aria-label="Back to the inventory">←</button>
        <h1>{model.ref} · {model.name}</h1>
        <span className={`badge status-${model.status}`}>{model.status}</span>
        <span className="header-spacer" />
        {current?.overallResidual ? (
          <BandBadge band={current.overallResidual} label="Overall rating">
            Rating: {current.overallResidual.name}
          </BandBadge>
        ) : (
          <span className="badge badge-plain" aria-label="Overall rating">Unassessed</span>
        )}
      </div>
      <div className="page">
        <section className="section" aria-labelledby="model-facts">
          <h2 id="model-facts">Model</h2>
          <dl className="dl">
            <dt>Purpose</dt><dd>{model.purpose}</dd>
            <dt>Owner · validator</dt><dd>{model.owner} · {model.validator || '—'}</dd>
            <dt>Tier · exposure · AI Act</dt><dd>{model.tier} · {model.exposure} · {model.aiActClass}</dd>
            <dt>Current assessment</dt>
            <dd>{current ? `v${current.version}, approved by ${current.decidedBy} on ${day(current.decidedAt)}` : 'none approved yet'}</dd>
          </dl>
          <div className="actions" style={{ marginTop: 12 }}>
            {open ? (
              <button className="btn btn-primary" onClick={() => go({ page: 'assessment', ref: modelRef, id: open.id })}>
                Open v{open.version} ({open.status})
              </button>
            ) : canAssess(profile) && model.status !== 'retired' ? (
              <button className="btn btn-primary" onClick={() => void start()}>
                {current ? `Start reassessment (copy of v${current.version})` : 'Start assessment'}
              </button>
            ) : null}
            <button className="btn" onClick={() => go({ page: 'inventory', ref: modelRef })}>Inventory record</button>
          </div>
        </section>
        {review ? (
          <section className="section" aria-labelledby="schedule-title">
            <h2 id="schedule-title">Next review</h2>
            <p>
              {review.row.due ? <strong>{review.row.due}</strong> : 'Not scheduled'} · {review.row.status} · {review.row.reason}
              {review.row.reviewer ? ` · reviewer ${review.row.reviewer}${review.row.plannedDate ? ` on ${review.row.plannedDate}` : ''}` : ''}
            </p>
            {review.triggers.length ? (
              <table className="data-table" aria-label="Review triggers">
                <thead><tr><th>Date</th><th>Trigger</th><th>State</th></tr></thead>
                <tbody>
                  {review.triggers.map((t) => (
                    <tr key={t.date + t.reason}><td className="mono">{t.date}</td><td>{t.reason}</td><td>{t.open ? 'open: brings the review forward' : 'answered by a later approval'}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        ) : null}
        <MonitoringSection modelRef={modelRef} onImported={loadReview} />
        <section className="section" aria-labelledby="history-title">
          <h2 id="history-title">Assessment history</h2>
          {history.length === 0 ? (
            <p className="muted">No assessment yet.</p>
          ) : (
            <table className="data-table" aria-labelledby="history-title">
              <thead>
                <tr>
                  <th>Compare</th><th>Version</th><th>Status</th><th>Assessor</th><th>Submitted</th><th>Decided by</th><th>Decided</th><th>Residual</th><th>Comment</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td><input type="checkbox" aria-label={`Compare v${h.version}`} checked={compare.includes(h.id)} onChange={() => toggle(h.id)} /></td>
                    <td><a href={`#/models/${encodeURIComponent(modelRef)}/assessments/${h.id}`}>v{h.version}</a></td>
                    <td><span className={`badge status-${h.status}`}>{h.status}</span></td>
                    <td>{h.assessor ?? h.createdBy}</td>
                    <td>{day(h.submittedAt)}</td>
                    <td>{h.decidedBy ?? '—'}{h.sharedComputer ? <span className="badge" title="Decided at the submitter's operating-system account, as the shared-computer policy allows"> shared computer</span> : null}</td>
                    <td>{day(h.decidedAt)}</td>
                    <td>{h.overallResidual ? <BandBadge band={h.overallResidual}>{h.overallResidual.name}</BandBadge> : '—'}</td>
                    <td>{h.decisionComment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <TreatmentSection modelRef={modelRef} />
        {compare.length === 2 ? <VersionDiff ids={[...compare].sort((x, y) => x - y) as [number, number]} /> : null}
      </div>
    </>
  );
};
