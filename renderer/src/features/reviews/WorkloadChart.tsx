import { scaleBand, scaleLinear } from 'd3';
import type { ReviewRow } from '../../../../shared/contract';
import { addMonthsToDay } from '../../../../shared/schedule';

/** Planned reviews per reviewer per month, next 12 months: who is loaded when. */
export const WorkloadChart = ({ rows, today }: { rows: ReviewRow[]; today: string }) => {
  const months = Array.from({ length: 12 }, (_, k) => addMonthsToDay(`${today.slice(0, 7)}-01`, k).slice(0, 7));
  const planned = rows.filter((r) => r.reviewer && r.plannedDate && months.includes(r.plannedDate.slice(0, 7)));
  const reviewers = [...new Set(planned.map((r) => r.reviewer!))].sort();
  if (reviewers.length === 0) return <p className="muted">No review is planned yet: assign a reviewer and a date in the table below.</p>;
  const counts = new Map<string, number>();
  for (const r of planned) counts.set(`${r.reviewer}|${r.plannedDate!.slice(0, 7)}`, (counts.get(`${r.reviewer}|${r.plannedDate!.slice(0, 7)}`) ?? 0) + 1);
  const max = Math.max(...counts.values());
  const left = 150;
  const x = scaleBand<string>().domain(months).range([left, 960]).padding(0.08);
  const y = scaleBand<string>().domain(reviewers).range([0, reviewers.length * 26]).padding(0.1);
  const shade = scaleLinear().domain([0, max]).range([0.15, 1]);
  return (
    <svg width={960} height={reviewers.length * 26 + 24} role="img" aria-label="Planned reviews per reviewer per month" className="matrix-svg">
      {reviewers.map((who) => (
        <g key={who}>
          <text x={left - 8} y={(y(who) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="axis-label">{who}</text>
          {months.map((m) => {
            const n = counts.get(`${who}|${m}`) ?? 0;
            return (
              <g key={m} transform={`translate(${x(m)},${y(who)})`}>
                <rect width={x.bandwidth()} height={y.bandwidth()} rx={3} fill="var(--accent)" opacity={n ? shade(n) : 0.06}>
                  <title>{`${who}, ${m}: ${n} planned`}</title>
                </rect>
                {n ? <text x={x.bandwidth() / 2} y={y.bandwidth() / 2} dy="0.35em" textAnchor="middle" fill="var(--accent-text)" fontSize={11} fontWeight={700}>{n}</text> : null}
              </g>
            );
          })}
        </g>
      ))}
      {months.map((m) => (
        <text key={m} x={(x(m) ?? 0) + x.bandwidth() / 2} y={reviewers.length * 26 + 16} textAnchor="middle" className="axis-label">{m}</text>
      ))}
    </svg>
  );
};
