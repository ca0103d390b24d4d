import { useEffect, useState } from 'react';
import type { HeatMap, PortfolioWork } from '../../../../shared/contract';
import type { HeatGrid } from '../../../../shared/heatmap';
import { addDaysToDay, todayUtc } from '../../../../shared/schedule';
import { isOverdue } from '../../../../shared/findings';
import { call, errorMessage } from '../../api/client';
import { useSession } from '../../app/session';
import { MatrixGrid } from '../../components/MatrixGrid';
import { Loading } from '../../components/Loading';

const countsOf = (g: HeatGrid): Map<string, number> => new Map(g.cells.map((c) => [`${c.probability}:${c.impact}`, c.refs.length]));

/** The portfolio on the matrix: models per cell (by their worst risk), counts by band. */
export const DashboardPage = () => {
  const { showInInventory } = useSession();
  const [basis, setBasis] = useState<'residual' | 'inherent'>('residual');
  const [map, setMap] = useState<HeatMap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    call('portfolio.heatmap', { basis }).then(setMap, (e: unknown) => setFailure(errorMessage(e)));
  }, [basis]);
  const [due, setDue] = useState<{ overdue: number; d30: number; d90: number } | null>(null);
  useEffect(() => {
    const today = todayUtc();
    call('reviews.list', { withinDays: 90 }).then(
      (rows) => {
        const scheduled = rows.filter((r) => r.status !== 'retired' && r.due !== null);
        setDue({
          overdue: scheduled.filter((r) => r.due! < today).length,
          d30: scheduled.filter((r) => r.due! >= today && r.due! <= addDaysToDay(today, 30)).length,
          d90: scheduled.filter((r) => r.due! >= today).length,
        });
      },
      (e: unknown) => setFailure(errorMessage(e)),
    );
  }, []);

  const [findings, setFindings] = useState<{ overdue: number; open: number } | null>(null);
  useEffect(() => {
    const today = todayUtc();
    call('findings.list', {}).then(
      (rows) => {
        const open = rows.filter((f) => f.remediation !== 'closed');
        setFindings({ open: open.length, overdue: open.filter((f) => isOverdue(f, today)).length });
      },
      (e: unknown) => setFailure(errorMessage(e)),
    );
  }, []);

  const [work, setWork] = useState<PortfolioWork | null>(null);
  useEffect(() => void call('work.portfolio', {}).then(setWork, (e: unknown) => setFailure(errorMessage(e))), []);

  const open = (grid: HeatGrid, p: number, i: number): void => {
    const cell = grid.cells.find((c) => c.probability === p && c.impact === i);
    if (!cell) return;
    const older = grid.current ? '' : ` (matrix v${grid.matrix.version})`;
    showInInventory({ label: `${basis} ${grid.matrix.probability[p - 1]?.label} × ${grid.matrix.impact[i - 1]?.label}${older}`, refs: new Set(cell.refs) });
  };

  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className="muted">Active models placed on the matrix by the worst risk of their current approved assessment.</span>
      </div>
      <div className="page">
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        <div className="cards" role="group" aria-label="Reviews due">
          {[
            ['overdue', 'Overdue reviews', due?.overdue],
            ['within-30', 'Due in the next 30 days', due?.d30],
            ['within-90', 'Due in the next 90 days', due?.d90],
          ].map(([filter, label, n]) => (
            <a key={String(filter)} className="card-link" href={`#/reviews/${String(filter)}`}>
              <span className="card-number">{n ?? '…'}</span>
              <span>{label}</span>
            </a>
          ))}
        </div>
        <div className="cards" role="group" aria-label="Findings">
          {[
            ['#/findings/overdue', 'Overdue findings', findings?.overdue],
            ['#/findings', 'Findings not closed', findings?.open],
          ].map(([href, label, n]) => (
            <a key={String(href)} className="card-link" href={String(href)}>
              <span className="card-number">{n ?? '…'}</span>
              <span>{label}</span>
            </a>
          ))}
        </div>
        <div className="cards" role="group" aria-label="Work in the portfolio">
          {([
            ['Submissions awaiting a decision', work?.awaitingDecision],
            ['Drafts and rejections in progress', work?.inProgress],
            ['Models with treatment actions overdue', work?.actionsOverdue],
            ['Models with an expired acceptance', work?.acceptancesExpired],
            ['Acceptances expiring within 60 days', work?.acceptancesExpiring],
          ] as const).map(([label, refs]) => (
            <button key={label} type="button" className="card-link" disabled={!refs?.length} onClick={() => refs && showInInventory({ label, refs: new Set(refs) })}>
              <span className="card-number">{refs ? refs.length : '…'}</span>
              <span>{label}</span>
            </button>
          ))}
        </div>
        <section className="section" aria-labelledby="heat-title">
          <div className="actions" style={{ justifyContent: 'space-between' }}>
            <h2 id="heat-title">Portfolio heat map</h2>
            <div role="radiogroup" aria-label="Basis" className="actions">
              {(['residual', 'inherent'] as const).map((b) => (
                <label key={b} style={{ display: 'flex', gap: 6 }}>
                  <input type="radio" name="basis" checked={basis === b} onChange={() => setBasis(b)} /> {b === 'residual' ? 'Residual' : 'Inherent'}
                </label>
              ))}
            </div>
          </div>
          {!map ? (
            <Loading label="Loading the heat map" />
          ) : (
            <div style={{ display: 'flex', gap: 32, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
                {map.grids.map((g) => (
                  <figure key={g.matrix.version} style={{ margin: 0 }}>
                    <MatrixGrid
                      matrix={g.matrix}
                      width={g.current ? 560 : 420}
                      height={g.current ? 420 : 315}
                      title={g.current ? `Heat map, ${basis} risk: ${g.models} models` : `Heat map, ${basis} risk, matrix v${g.matrix.version}: ${g.models} models`}
                      counts={countsOf(g)}
                      onCellClick={(p, i) => open(g, p, i)}
                      axisLabels
                    />
                    <figcaption className="muted" style={{ maxWidth: 560 }}>
                      {g.current
                        ? `${g.matrix.name}, version ${g.matrix.version} (in force).`
                        : `${g.models} model${g.models === 1 ? ' is' : 's are'} still rated on ${g.matrix.name}, version ${g.matrix.version}: shown on that grid, with the band ${g.models === 1 ? 'it was' : 'they were'} approved with, until reassessed.`}
                    </figcaption>
                  </figure>
                ))}
              </div>
              <div>
                <h3 style={{ marginTop: 0 }}>By band</h3>
                <table className="data-table" aria-label="Models by band" style={{ width: 240 }}>
                  <tbody>
                    {[...map.byBand].reverse().map(({ band, count }) => (
                      <tr key={band.id}>
                        <td><span className="swatch" style={{ background: band.color }} aria-hidden="true" /> {band.name}</td>
                        <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{count}</td>
                      </tr>
                    ))}
                    <tr>
                      <td>Unassessed</td>
                      <td style={{ textAlign: 'right' }}>{map.unassessed}</td>
                    </tr>
                  </tbody>
                </table>
                <p className="muted" style={{ maxWidth: 260 }}>Click a cell (or focus it and press Enter) to see its models in the inventory.</p>
              </div>
            </div>
          )}
        </section>
      </div>
    </>
  );
};
