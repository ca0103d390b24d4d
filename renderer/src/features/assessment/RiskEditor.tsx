import { useId } from 'react';
import { categoryLabels, categoryQuestions, riskScore, treatments, type RiskInput, type ScoredRisk } from '../../../../shared/assessment';
import type { MatrixDefinition, MatrixLevel } from '../../../../shared/matrix';
import type { Finding } from '../../../../shared/monitoring';
import { BandBadge } from '../../components/BandBadge';
import { MatrixGrid, type Mark } from '../../components/MatrixGrid';

type Props = {
  index: number;
  risk: ScoredRisk;
  matrix: MatrixDefinition;
  editable: boolean;
  errors: Record<string, string>;
  /** Open monitoring findings for this category: the evidence, and the probability they suggest. */
  findings: Finding[];
  onChange: (patch: Partial<RiskInput>) => void;
  /** Levels carried over from an assessment on another matrix (field names), marked for checking. */
  carried?: ReadonlySet<string>;
  /** Under the risk: its treatment plan (mitigate) or its acceptance (accept). */
  children?: React.ReactNode;
};

const LevelSelect = ({ label, levels, value, onChange, disabled, error, carried }: { label: string; levels: MatrixLevel[]; value: number | null; onChange: (v: number | null) => void; disabled: boolean; error: string | undefined; carried?: boolean }) => {
  const id = useId();
  const chosen = value === null ? null : levels[value - 1];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={value ?? ''}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-desc`}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">— choose —</option>
        {levels.map((l, i) => (
          <option key={l.label} value={i + 1} title={l.description}>
            {i + 1} · {l.label}
          </option>
        ))}
      </select>
      <span id={`${id}-desc`} className="hint">
        {carried ? <span className="badge badge-warn">Carried over — check</span> : null} {chosen ? chosen.description : 'No level chosen yet'}
      </span>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </div>
  );
};

const ScoreBadge = ({ prefix, p, i, band }: { prefix: string; p: number | null; i: number | null; band: ScoredRisk['inherentBand'] }) =>
  band ? (
    <BandBadge band={band}>
      {prefix}: {band.name} ({riskScore(p, i)})
    </BandBadge>
  ) : (
    <span className="badge badge-plain">{prefix}: not scored</span>
  );

/** The highest level the open findings suggest, on this matrix's probability scale. */
const suggestedLevel = (findings: Finding[], matrix: MatrixDefinition): number => Math.min(Math.max(...findings.map((f) => f.probability)), matrix.probability.length);
/** Offered (Use it) whenever it differs from the value in the field: blank, or copied forward from the last assessment. */
const suggested = (findings: Finding[], matrix: MatrixDefinition): string => {
  const level = suggestedLevel(findings, matrix);
  return `${level} · ${matrix.probability[level - 1]?.label ?? ''}`;
};

/** One risk category: inherent and residual levels, controls, treatment, rationale, and its cells on the matrix. */
export const RiskEditor = ({ index, risk: r, matrix, editable, errors, findings, onChange, carried, children }: Props) => {
  const err = (f: string): string | undefined => errors[`risks.${index}.${f}`];
  const marks: Mark[] = [];
  if (r.inherentProbability && r.inherentImpact) marks.push({ probability: r.inherentProbability, impact: r.inherentImpact, label: 'I' });
  if (r.residualProbability && r.residualImpact) marks.push({ probability: r.residualProbability, impact: r.residualImpact, label: 'R' });
  const textId = useId();
  return (
    <fieldset className="risk" aria-labelledby={`${textId}-legend`}>
      <legend id={`${textId}-legend`}>
        {index + 1}. {categoryLabels[r.category]}
      </legend>
      <p className="muted risk-question">{categoryQuestions[r.category]}</p>
      {findings.length ? (
        <div className="banner banner-warn" role="note" aria-label={`Monitoring evidence for ${categoryLabels[r.category]}`}>
          <strong>Monitoring: {findings.length} open finding{findings.length > 1 ? 's' : ''}</strong> — {findings.map((f) => `${f.label} (${f.metric}, ${f.windowFrom.slice(0, 10)} – ${f.windowTo.slice(0, 10)}, ${f.fileName})`).join('; ')}.{' '}
          Suggested probability: <strong>{suggested(findings, matrix)}</strong>
          {editable && r.inherentProbability !== suggestedLevel(findings, matrix) ? (
            <button type="button" className="btn" style={{ marginLeft: 8 }} onClick={() => onChange({ inherentProbability: suggestedLevel(findings, matrix) })}>
              Use it
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="risk-body">
        <div className="form-grid">
          <LevelSelect label="Inherent probability" levels={matrix.probability} value={r.inherentProbability} onChange={(v) => onChange({ inherentProbability: v })} disabled={!editable} error={err('inherentProbability')} carried={carried?.has('inherentProbability')} />
          <LevelSelect label="Inherent impact" levels={matrix.impact} value={r.inherentImpact} onChange={(v) => onChange({ inherentImpact: v })} disabled={!editable} error={err('inherentImpact')} carried={carried?.has('inherentImpact')} />
          <div className="field field-wide">
            <label htmlFor={`${textId}-controls`}>Existing controls</label>
            <textarea id={`${textId}-controls`} className="textarea" rows={2} value={r.controls} readOnly={!editable} onChange={(e) => onChange({ controls: e.target.value })} />
          </div>
          <LevelSelect label="Residual probability" levels={matrix.probability} value={r.residualProbability} onChange={(v) => onChange({ residualProbability: v })} disabled={!editable} error={err('residualProbability')} carried={carried?.has('residualProbability')} />
          <LevelSelect label="Residual impact" levels={matrix.impact} value={r.residualImpact} onChange={(v) => onChange({ residualImpact: v })} disabled={!editable} error={err('residualImpact')} carried={carried?.has('residualImpact')} />
          <div className="field">
            <label htmlFor={`${textId}-treatment`}>Treatment</label>
            <select id={`${textId}-treatment`} className="select" value={r.treatment ?? ''} disabled={!editable} aria-invalid={err('treatment') ? true : undefined} onChange={(e) => onChange({ treatment: e.target.value === '' ? null : (e.target.value as RiskInput['treatment']) })}>
              <option value="">— choose —</option>
              {treatments.map((t) => (
                <option key={t} value={t}>{t}</option>
              ))}
            </select>
            {err('treatment') ? <span className="error" role="alert">{err('treatment')}</span> : null}
          </div>
          <div className="field field-wide">
            <label htmlFor={`${textId}-rationale`}>Rationale</label>
            <textarea id={`${textId}-rationale`} className="textarea" rows={2} value={r.rationale} readOnly={!editable} aria-invalid={err('rationale') ? true : undefined} onChange={(e) => onChange({ rationale: e.target.value })} />
            {err('rationale') ? <span className="error" role="alert">{err('rationale')}</span> : null}
          </div>
        </div>
        <div className="risk-side">
          <MatrixGrid matrix={matrix} width={168} height={150} title={`${categoryLabels[r.category]} on the matrix: I inherent, R residual`} marks={marks} />
          <div className="risk-bands">
            <ScoreBadge prefix="Inherent" p={r.inherentProbability} i={r.inherentImpact} band={r.inherentBand} />
            <ScoreBadge prefix="Residual" p={r.residualProbability} i={r.residualImpact} band={r.residualBand} />
          </div>
          {r.flags.map((f) => (
            <p key={f} className="flag" role="status">⚠ Inconsistent: {f}</p>
          ))}
        </div>
      </div>
      {children}
    </fieldset>
  );
};
