import { useEffect, useMemo, useState } from 'react';
import type { ReviewRow } from '../../../../shared/contract';
import { addDaysToDay, todayUtc } from '../../../../shared/schedule';
import { call, errorMessage } from '../../api/client';
import { canDecide, useSession } from '../../app/session';
import { BandBadge } from '../../components/BandBadge';
import { downloadText } from '../../components/download';
import { useToast } from '../../components/Toasts';
import { AssignDialog } from './AssignDialog';
import { ReviewTimeline } from './ReviewTimeline';
import { WorkloadChart } from './WorkloadChart';
import { Loading } from '../../components/Loading';

const STATUS_LABEL: Record<string, string> = { overdue: 'Overdue', due: 'Due soon', 'on-track': 'On track', unassessed: 'Unassessed', retired: 'Retired' };
const PRESETS: Record<string, string> = { overdue: 'Overdue', 'within-30': 'Due in the next 30 days', 'within-90': 'Due in the next 90 days' };

/** The planner: what is due or overdue, who reviews it and when. */
export const ReviewsPage = ({ filter }: { filter: string | undefined }) => {
  const { profile, go } = useSession();
  const toast = useToast();
  const [rows, setRows] = useState<ReviewRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [unit, setUnit] = useState('');
  const [owner, setOwner] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [assigning, setAssigning] = useState<ReviewRow | null>(null);
  const today = todayUtc();

  useEffect(() => {
    call('reviews.list', {}).then(setRows, (e: unknown) => setFailure(errorMessage(e)));
  }, []);

  const scheduled = useMemo(() => (rows ?? []).filter((r) => r.status !== 'retired' && r.due !== null), [rows]);
  const shown = useMemo(() => {
    const until = filter?.startsWith('within-') ? addDaysToDay(today, Number(filter.slice(7))) : null;
    return scheduled
      .filter((r) => (filter === 'overdue' ? r.due! < today : until ? r.due! >= today && r.due! <= until : true))
      .filter((r) => (!unit || r.businessUnit === unit) && (!owner || r.owner === owner) && (!reviewer || (reviewer === '—' ? !r.reviewer : r.reviewer === reviewer)))
      .sort((a, b) => a.due!.localeCompare(b.due!) || (b.band?.order ?? -1) - (a.band?.order ?? -1));
  }, [scheduled, filter, today, unit, owner, reviewer]);
  const overdue = useMemo(() => shown.filter((r) => r.due! < today).sort((a, b) => (b.band?.order ?? 99) - (a.band?.order ?? 99) || a.due!.localeCompare(b.due!)), [shown, today]);
  const options = (f: (r: ReviewRow) => string | null): string[] => [...new Set(scheduled.map(f).filter((x): x is string => !!x))].sort();

  const exportFile = async (what: 'ics' | 'csv'): Promise<void> => {
    try {
      if (what === 'ics') {
        const f = await call('reviews.exportIcs', {});
        downloadText(f.filename, f.ics, 'text/calendar');
        toast({ kind: 'success', title: `Exported ${f.filename}`, body: `${f.events} reviews` });
      } else {
        const f = await call('reviews.exportCsv', {});
        downloadText(f.filename, f.csv, 'text/csv');
        toast({ kind: 'success', title: `Exported ${f.filename}` });
      }
    } catch (e) {
      toast({ kind: 'error', title: 'Export failed', body: errorMessage(e) });
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>Reviews</h1>
        {filter && PRESETS[filter] ? (
          <button className="btn" onClick={() => go({ page: 'reviews' })} aria-label={`Remove the filter ${PRESETS[filter]}`}>{PRESETS[filter]} ✕</button>
        ) : null}
        <span className="header-spacer" />
        <button className="btn" onClick={() => void exportFile('ics')}>Export calendar (.ics)</button>
        <button className="btn" onClick={() => void exportFile('csv')}>Export plan (CSV)</button>
      </div>
      <div className="page">
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        {!rows ? (
          <Loading label="Loading the review plan" />
        ) : (
          <>
            <div className="actions" role="group" aria-label="Planner filters" style={{ marginBottom: 12 }}>
              <select className="select" style={{ width: 200 }} aria-label="Business unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                <option value="">All business units</option>
                {options((r) => r.businessUnit).map((u) => <option key={u}>{u}</option>)}
              </select>
              <select className="select" style={{ width: 180 }} aria-label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">All owners</option>
                {options((r) => r.owner).map((u) => <option key={u}>{u}</option>)}
              </select>
              <select className="select" style={{ width: 180 }} aria-label="Reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)}>
                <option value="">All reviewers</option>
                <option value="—">Not assigned</option>
                {options((r) => r.reviewer).map((u) => <option key={u}>{u}</option>)}
              </select>
              <span className="muted" aria-live="polite">{shown.length} reviews</span>
            </div>
            <section className="section" aria-labelledby="timeline-title" style={{ maxWidth: 1020 }}>
              <h2 id="timeline-title">Next 12 months</h2>
              <ReviewTimeline rows={shown} today={today} />
            </section>
            <section className="section" aria-labelledby="workload-title" style={{ maxWidth: 1020 }}>
              <h2 id="workload-title">Workload per reviewer</h2>
              <WorkloadChart rows={shown} today={today} />
            </section>
            {overdue.length ? (
              <section className="section" aria-labelledby="overdue-title" style={{ maxWidth: 1020 }}>
                <h2 id="overdue-title">Overdue, most severe first ({overdue.length})</h2>
                <p className="muted">{overdue.slice(0, 12).map((r) => `${r.ref} (${r.band?.name ?? 'unassessed'}, due ${r.due})`).join(' · ')}{overdue.length > 12 ? ' …' : ''}</p>
              </section>
            ) : null}
            <table className="data-table" aria-label="Review plan" style={{ maxWidth: 'none' }}>
              <thead>
                <tr><th>Model</th><th>Business unit</th><th>Owner</th><th>Band</th><th>Due</th><th>Status</th><th>Reason</th><th>Reviewer</th><th>Planned</th>{canDecide(profile) ? <th /> : null}</tr>
              </thead>
              <tbody>
                {shown.slice(0, 500).map((r) => (
                  <tr key={r.ref}>
                    <td><a href={`#/models/${encodeURIComponent(r.ref)}`}>{r.ref}</a> {r.name}</td>
                    <td>{r.businessUnit}</td>
                    <td>{r.owner}</td>
                    <td>{r.band ? <BandBadge band={r.band}>{r.band.name}</BandBadge> : <span className="muted">—</span>}</td>
                    <td className="mono">{r.due}</td>
                    <td className={r.status === 'overdue' ? 'warn' : undefined}>{STATUS_LABEL[r.status] ?? r.status}</td>
                    <td>{r.reason}</td>
                    <td>{r.reviewer ?? <span className="muted">—</span>}</td>
                    <td className="mono">{r.plannedDate ?? '—'}</td>
                    {canDecide(profile) ? (
                      <td><button className="btn" onClick={() => setAssigning(r)} aria-label={`Assign ${r.ref}`}>Assign…</button></td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length > 500 ? <p className="muted">Showing the first 500 of {shown.length}; filter to narrow the list.</p> : null}
          </>
        )}
      </div>
      {assigning ? (
        <AssignDialog
          row={assigning}
          onCancel={() => setAssigning(null)}
          onSaved={(next) => {
            setRows((rs) => (rs ? rs.map((x) => (x.ref === next.ref ? next : x)) : rs));
            setAssigning(null);
            toast({ kind: 'success', title: `${next.ref} assigned to ${next.reviewer}` });
          }}
        />
      ) : null}
    </>
  );
};
