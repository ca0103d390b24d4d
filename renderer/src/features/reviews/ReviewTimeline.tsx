import { scaleTime } from 'd3';
import type { ReviewRow } from '../../../../shared/contract';
import { parseDay } from '../../../../shared/schedule';

const W = 980;
const OVERDUE_W = 90;
const ROW = 26;

/** Twelve months of due reviews: overdue collected on the left, one row per band, coloured by band. */
export const ReviewTimeline = ({ rows, today }: { rows: ReviewRow[]; today: string }) => {
  const start = parseDay(today);
  const end = new Date(start.getFullYear() + 1, start.getMonth(), start.getDate());
  const x = scaleTime().domain([start, end]).range([OVERDUE_W + 10, W - 10]);
  const bands = [...new Map(rows.filter((r) => r.band).map((r) => [r.band!.name, r.band!])).values()].sort((a, b) => b.order - a.order);
  const lanes = [...bands.map((b) => b.name), 'Unassessed'];
  const height = lanes.length * ROW + 30;
  const inView = rows.filter((r) => r.due && r.due <= end.toISOString().slice(0, 10));
  return (
    <svg width={W} height={height} role="img" aria-label={`Review timeline: ${inView.length} reviews due in the next 12 months or overdue`} className="matrix-svg">
      <rect x={0} y={0} width={OVERDUE_W} height={lanes.length * ROW} fill="var(--danger-soft)" rx={4} />
      <text x={OVERDUE_W / 2} y={lanes.length * ROW + 16} textAnchor="middle" className="axis-label">Overdue</text>
      {x.ticks(12).map((t) => (
        <g key={t.toISOString()} transform={`translate(${x(t)},0)`}>
          <line y2={lanes.length * ROW} stroke="var(--border)" />
          <text y={lanes.length * ROW + 16} textAnchor="middle" className="axis-label">{t.toLocaleDateString('en', { month: 'short', year: '2-digit' })}</text>
        </g>
      ))}
      {lanes.map((lane, k) => (
        <text key={lane} x={OVERDUE_W + 14} y={k * ROW + 12} className="axis-label" opacity={0.8}>{lane}</text>
      ))}
      {inView.map((r, k) => {
        const lane = r.band ? lanes.indexOf(r.band.name) : lanes.length - 1;
        const overdue = r.due! < today;
        const cx = overdue ? 8 + ((k * 7) % (OVERDUE_W - 16)) : x(parseDay(r.due!));
        const cy = lane * ROW + 8 + ((k * 5) % (ROW - 10));
        return (
          <circle key={r.ref} cx={cx} cy={cy} r={4} fill={r.band?.color ?? 'var(--text-muted)'} stroke="var(--surface)" strokeWidth={1}>
            <title>{`${r.ref} ${r.name}: due ${r.due} (${r.status})${r.reviewer ? `, ${r.reviewer}` : ''}`}</title>
          </circle>
        );
      })}
    </svg>
  );
};
