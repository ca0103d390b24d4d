import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../shared/contract';
import { textColorOn } from '../../../../shared/charts/matrixGrid';
import { score, type RiskMatrix } from '../../../../shared/matrix';
import { call, errorMessage } from '../../api/client';
import type { ThemeChoice } from '../../app/theme';
import { ProfileSection } from './ProfileSection';
import { useToast } from '../../components/Toasts';
import { MatrixEditor } from './MatrixEditor';
import { PolicySection } from './PolicySection';
import { RulesSection } from './RulesSection';
import { BackupsSection } from './BackupsSection';
import { WatchSection } from './WatchSection';
import { DatabaseSection } from './DatabaseSection';
import { Loading } from '../../components/Loading';

type Props = { info: AppInfo; theme: { choice: ThemeChoice; setChoice: (c: ThemeChoice) => void }; onProfileSaved: () => void };

export const SettingsPage = ({ info, theme, onProfileSaved }: Props) => {
  const [matrix, setMatrix] = useState<RiskMatrix | null>(null);
  const [editing, setEditing] = useState(false);
  const toast = useToast();

  useEffect(() => {
    call('matrix.current', {}).then(setMatrix, (e: unknown) => toast({ kind: 'error', title: 'Matrix not loaded', body: errorMessage(e) }));
  }, [toast]);

  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <div className="page">
        <ProfileSection info={info} onChanged={onProfileSaved} />
        <section className="section" aria-labelledby="appearance-title">
          <h2 id="appearance-title">Appearance</h2>
          <div role="radiogroup" aria-label="Theme" style={{ display: 'flex', gap: 16 }}>
            {(['system', 'light', 'dark'] as const).map((c) => (
              <label key={c} style={{ display: 'flex', gap: 6 }}>
                <input type="radio" name="theme" checked={theme.choice === c} onChange={() => theme.setChoice(c)} />
                {c === 'system' ? 'Follow the system' : c === 'light' ? 'Light' : 'Dark'}
              </label>
            ))}
          </div>
        </section>
        <section className="section" aria-labelledby="matrix-title">
          <h2 id="matrix-title">Risk matrix</h2>
          {matrix && editing ? (
            <MatrixEditor
              current={matrix}
              onCancel={() => setEditing(false)}
              onSaved={(m) => {
                setMatrix(m);
                setEditing(false);
              }}
            />
          ) : matrix ? (
            <>
              <p className="muted">
                {matrix.name}, version {matrix.version}: score = probability × impact. Assessments keep the version they were scored on.
              </p>
              <table className="matrix" aria-label="Risk matrix">
                <thead>
                  <tr>
                    <th>Probability \ Impact</th>
                    {matrix.impact.map((l, i) => <th key={l.label} scope="col" title={l.description}>{i + 1}. {l.label}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {[...matrix.probability.keys()].reverse().map((p) => (
                    <tr key={p}>
                      <th scope="row" title={matrix.probability[p]?.description}>{p + 1}. {matrix.probability[p]?.label}</th>
                      {matrix.impact.map((_, i) => {
                        const band = matrix.bands.find((b) => b.id === matrix.grid[p]?.[i]);
                        return (
                          <td key={i} style={{ background: band?.color, color: band ? textColorOn(band.color) : undefined }} title={band?.name}>
                            {score(p + 1, i + 1)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              {info.profile?.role === 'review_lead' ? (
                <button className="btn" style={{ marginBottom: 12 }} onClick={() => setEditing(true)}>
                  Edit matrix…
                </button>
              ) : (
                <p className="muted">Only a review lead can change the matrix.</p>
              )}
              <p className="legend">
                {matrix.bands.map((b) => (
                  <span key={b.id}>
                    <span className="swatch" style={{ background: b.color }} aria-hidden="true" /> {b.name}
                  </span>
                ))}
              </p>
            </>
          ) : (
            <Loading label="Loading the matrix" />
          )}
        </section>
        {matrix ? <PolicySection matrix={matrix} editable={info.profile?.role === 'review_lead'} /> : null}
        <RulesSection editable={info.profile?.role === 'review_lead'} />
        <WatchSection editable={info.profile?.role !== 'auditor'} />
        <BackupsSection canRestore={info.profile?.role === 'review_lead'} onRestored={onProfileSaved} />
        <DatabaseSection />
        <section className="section" aria-labelledby="data-title">
          <h2 id="data-title">Data</h2>
          <dl className="dl">
            <dt>Data file</dt>
            <dd className="mono">{info.dbPath}</dd>
            <dt>App version</dt>
            <dd>{info.version} (schema {info.schemaVersion})</dd>
          </dl>
        </section>
      </div>
    </>
  );
};
