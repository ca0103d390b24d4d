import { seriesGeometry } from '../../../../shared/charts/series';
import { groupBy } from '../../../../shared/group';
import type { MetricPoint } from '../../../../shared/monitoring';

const W = 300;
const H = 110;
const M = { left: 40, bottom: 18, top: 6, right: 8 };

/** Small multiples: one chart per metric and feature, thresholds dashed, alerts in red. */
export const MonitoringCharts = ({ points }: { points: MetricPoint[] }) => {
  const groups = groupBy(points, (p) => `${p.metric}${p.feature ? ` · ${p.feature}` : ''}`);
  const shown = [...groups].slice(0, 24);
  return (
    <div className="charts">
      {shown.map(([title, pts]) => {
        const g = seriesGeometry(pts, W - M.left - M.right, H - M.top - M.bottom);
        return (
          <figure key={title} className="chart">
            <figcaption>{title}</figcaption>
            <svg width={W} height={H} role="img" aria-label={`${title}: ${pts.length} values${g.alerts.length ? `, ${g.alerts.length} alerts` : ''}${g.infinite.length ? `, ${g.infinite.length} infinite` : ''}${g.gaps.length ? `, ${g.gaps.length} gaps` : ''}`} className="matrix-svg">
              <g transform={`translate(${M.left},${M.top})`}>
                {g.yTicks.map((t) => (
                  <g key={t.label} transform={`translate(0,${t.y})`}>
                    <line x2={W - M.left - M.right} stroke="var(--border)" />
                    <text x={-4} dy="0.35em" textAnchor="end" className="axis-label">{t.label}</text>
                  </g>
                ))}
                {g.xTicks.map((t) => (
                  <text key={t.label} x={t.x} y={H - M.top - 4} textAnchor={t.anchor} className="axis-label">{t.label}</text>
                ))}
                {g.gaps.map((gap) => (
                  <rect key={`gap-${gap.x0}`} x={gap.x0 + 2} width={Math.max(0, gap.x1 - gap.x0 - 4)} y={0} height={H - M.top - M.bottom} fill="var(--border)" opacity={0.35}>
                    <title>no values in this period</title>
                  </rect>
                ))}
                {g.lower ? <path d={g.lower} fill="none" stroke="var(--danger)" strokeDasharray="4 3" /> : null}
                {g.upper ? <path d={g.upper} fill="none" stroke="var(--danger)" strokeDasharray="4 3" /> : null}
                <path d={g.path} fill="none" stroke="var(--accent)" strokeWidth={1.6} />
                {g.markers.map((m) => <circle key={`m-${m.x}-${m.y}`} cx={m.x} cy={m.y} r={2.2} fill="var(--accent)" />)}
                {g.infinite.map((p) => (
                  <path key={`inf-${p.ts}`} d={p.sign > 0 ? `M${p.x - 4},${p.y + 6}L${p.x},${p.y}L${p.x + 4},${p.y + 6}Z` : `M${p.x - 4},${p.y - 6}L${p.x},${p.y}L${p.x + 4},${p.y - 6}Z`} fill="var(--danger)">
                    <title>{`${p.ts.slice(0, 16).replace('T', ' ')}: ${p.sign > 0 ? '+∞' : '−∞'}`}</title>
                  </path>
                ))}
                {g.alerts.map((a) => (
                  <circle key={a.ts} cx={a.x} cy={a.y} r={3.5} fill="var(--danger)">
                    <title>{`alert ${a.ts.slice(0, 10)}: ${a.value}`}</title>
                  </circle>
                ))}
              </g>
            </svg>
          </figure>
        );
      })}
      {groups.size > shown.length ? <p className="muted">{groups.size - shown.length} more series not shown.</p> : null}
    </div>
  );
};
