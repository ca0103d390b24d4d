import { matrixGeometry, textColorOn } from '../../../shared/charts/matrixGrid';
import type { MatrixDefinition } from '../../../shared/matrix';

export type Mark = { probability: number; impact: number; label: string };

type Props = {
  matrix: MatrixDefinition;
  width: number;
  height: number;
  title: string;
  /** Letters placed in cells (I and R on the assessment editor). */
  marks?: Mark[];
  /** Numbers per cell (the heat map); cells with a count are buttons when onCellClick is given. */
  counts?: Map<string, number>;
  onCellClick?: (probability: number, impact: number) => void;
  axisLabels?: boolean;
};

const AXIS = 92;
const FOOT = 40;

/** The risk matrix as SVG from shared d3 geometry: the small one in the editor and the heat map. */
export const MatrixGrid = ({ matrix, width, height, title, marks = [], counts, onCellClick, axisLabels = false }: Props) => {
  const left = axisLabels ? AXIS : 0;
  const bottom = axisLabels ? FOOT : 0;
  const g = matrixGeometry(matrix, width - left, height - bottom);
  return (
    // With clickable cells it is a group of buttons (an image may not hold interactive parts).
    <svg width={width} height={height} role={onCellClick ? 'group' : 'img'} aria-label={title} className="matrix-svg">
      <title>{title}</title>
      <g transform={`translate(${left},0)`}>
        {g.cells.map((c) => {
          const key = `${c.probability}:${c.impact}`;
          const count = counts?.get(key) ?? 0;
          const here = marks.filter((m) => m.probability === c.probability && m.impact === c.impact);
          const clickable = onCellClick !== undefined && count > 0;
          const label = `${matrix.probability[c.probability - 1]?.label} × ${matrix.impact[c.impact - 1]?.label}: ${c.band.name}${counts ? `, ${count} models` : ''}`;
          return (
            <g
              key={key}
              transform={`translate(${c.x},${c.y})`}
              role={clickable ? 'button' : undefined}
              tabIndex={clickable ? 0 : undefined}
              aria-label={clickable ? label : undefined}
              onClick={clickable ? () => onCellClick(c.probability, c.impact) : undefined}
              onKeyDown={clickable ? (e) => (e.key === 'Enter' || e.key === ' ' ? (e.preventDefault(), onCellClick(c.probability, c.impact)) : undefined) : undefined}
              style={{ cursor: clickable ? 'pointer' : 'default' }}
              data-cell={key}
            >
              <rect width={c.width} height={c.height} rx={3} fill={c.band.color} opacity={counts && count === 0 ? 0.35 : here.length || counts ? 1 : 0.55}>
                <title>{label}</title>
              </rect>
              {counts && count > 0 ? (
                <text x={c.width / 2} y={c.height / 2} dy="0.35em" textAnchor="middle" fill={textColorOn(c.band.color)} fontWeight={700} fontSize={Math.min(18, c.height / 2.5)}>
                  {count}
                </text>
              ) : null}
              {here.map((m, k) => (
                <text key={m.label} x={c.width / 2 + (k - (here.length - 1) / 2) * 11} y={c.height / 2} dy="0.35em" textAnchor="middle" fill={textColorOn(c.band.color)} fontWeight={800} fontSize={11}>
                  {m.label}
                </text>
              ))}
            </g>
          );
        })}
      </g>
      {axisLabels ? (
        <>
          {g.probabilityTicks.map((t) => (
            <text key={t.level} x={left - 6} y={t.y} dy="0.35em" textAnchor="end" className="axis-label">
              {matrix.probability[t.level - 1]?.label}
            </text>
          ))}
          {g.impactTicks.map((t) => (
            <text key={t.level} x={left + t.x} y={height - bottom + 16} textAnchor="middle" className="axis-label">
              {matrix.impact[t.level - 1]?.label}
            </text>
          ))}
          <text x={left + (width - left) / 2} y={height - 4} textAnchor="middle" className="axis-title">Impact →</text>
          <text x={10} y={(height - bottom) / 2} textAnchor="middle" className="axis-title" transform={`rotate(-90 10 ${(height - bottom) / 2})`}>
            Probability →
          </text>
        </>
      ) : null}
    </svg>
  );
};
