import { useState, type ReactNode } from 'react';
import { environmentDrift, formatEnvironment, type Model, type ModelListRow } from '../../../../shared/model';
import { call, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { minuteOf } from '../../../../shared/schedule';

/** `row`: the inventory's row for it (rating, next review, open findings, work in progress). */
type Props = { model: Model; row?: ModelListRow | undefined; readOnly: boolean; onClose: () => void; onEdit: () => void; onRetired: (m: Model) => void };

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <>
    <dt>{label}</dt>
    <dd>{children === '' || children === null ? <span className="muted">—</span> : children}</dd>
  </>
);

/** The model's inventory record, read-only, with Edit and Retire. */
export const ModelDetail = ({ model: m, row, readOnly, onClose, onEdit, onRetired }: Props) => {
  const [retiring, setRetiring] = useState(false);
  const drift = environmentDrift(m.validatedEnv, m.productionEnv);
  const isRetired = m.status === 'retired';
  return (
    <Dialog
      variant="drawer"
      open
      onOpenChange={(o) => (o ? undefined : onClose())}
      title={`${m.ref} · ${m.name}`}
      footer={
        <>
          <button className="btn" onClick={onClose}>Close</button>
          <a className="btn" href={`#/models/${encodeURIComponent(m.ref)}`}>Assessments</a>
          {!isRetired && !readOnly ? (
            <>
              <button className="btn btn-danger" onClick={() => setRetiring(true)}>Retire…</button>
              <button className="btn btn-primary" onClick={onEdit}>Edit</button>
            </>
          ) : null}
        </>
      }
    >
      <p>
        <span className={`badge status-${m.status}`}>{m.status}</span> <span className="badge badge-plain">tier {m.tier}</span>{' '}
        <span className="badge badge-plain">AI Act: {m.aiActClass}</span>
      </p>
      {isRetired ? (
        <p className="form-error" style={{ background: 'var(--surface-2)', color: 'var(--text)' }}>
          Retired on {m.retiredAt?.slice(0, 10)}: {m.retirementReason}
        </p>
      ) : null}
      <h3>Risk</h3>
      <dl className="dl" aria-label="Risk at a glance">
        <Row label="Rating">{row?.rating ? <span className="badge badge-plain"><span className="swatch" style={{ background: row.rating.color }} aria-hidden="true" />{row.rating.name}</span> : 'unassessed'}</Row>
        <Row label="Next review">{row?.nextReview ? <span className={`nowrap${row.reviewStatus === 'overdue' ? ' warn' : ''}`}>{row.nextReview} ({row.reviewStatus})</span> : (row?.reviewStatus ?? '')}</Row>
        <Row label="Open findings">{row?.openFindings !== undefined ? (row.openFindings ? <a href="#/findings" className="warn">{row.openFindings} not closed</a> : 'none') : ''}</Row>
        <Row label="Assessment in progress">{row?.work ?? 'none'}</Row>
      </dl>
      <h3>Identity</h3>
      <dl className="dl">
        <Row label="Version">{m.version}</Row>
        <Row label="Description">{m.description}</Row>
        <Row label="Purpose">{m.purpose}</Row>
        <Row label="Intended use">{m.intendedUse}</Row>
        <Row label="Restrictions">{m.restrictions}</Row>
      </dl>
      <h3>People</h3>
      <dl className="dl">
        <Row label="Business unit">{m.businessUnit}</Row>
        <Row label="Owner">{m.owner}</Row>
        <Row label="Developers">{m.developers.join(', ')}</Row>
        <Row label="Validator">{m.validator}</Row>
        <Row label="Maintainers">{m.maintainers < 2 ? <span className="warn">{m.maintainers} — skills-loss risk</span> : m.maintainers}</Row>
        <Row label="Documentation">{m.documentationUrl}</Row>
      </dl>
      <h3>Classification</h3>
      <dl className="dl">
        <Row label="Exposure">{m.exposure}</Row>
        <Row label="Usage volume">{m.usageVolume}</Row>
        <Row label="Sourcing">{m.sourcing === 'vendor' ? `vendor — ${m.vendorName}` : 'in-house'}</Row>
        <Row label="Tags">{m.tags.map((t) => <span key={t} className="tag">{t}</span>)}</Row>
      </dl>
      <h3>Data and environment</h3>
      <dl className="dl">
        <Row label="Data sources">{m.dataSources.join(', ')}</Row>
        <Row label="Validated on"><span className="mono">{formatEnvironment(m.validatedEnv)}</span></Row>
        <Row label="Running in production"><span className="mono">{formatEnvironment(m.productionEnv)}</span></Row>
        <Row label="Environment check">
          {drift.length > 0 ? <span className="warn">Drift: {drift.join('; ')}</span> : Object.keys(m.productionEnv).length ? 'matches the validated environment' : 'not deployed'}
        </Row>
      </dl>
      <h3>Record</h3>
      <dl className="dl">
        <Row label="Created">{m.createdAt.slice(0, 10)}</Row>
        <Row label="Updated">{minuteOf(m.updatedAt)}</Row>
      </dl>
      {retiring ? (
        <RetireDialog
          model={m}
          onCancel={() => setRetiring(false)}
          onDone={(r) => {
            setRetiring(false);
            onRetired(r);
          }}
        />
      ) : null}
    </Dialog>
  );
};

const RetireDialog = ({ model, onCancel, onDone }: { model: Model; onCancel: () => void; onDone: (m: Model) => void }) => {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const retire = async (): Promise<void> => {
    if (reason.trim().length < 3) return setError('Say why the model is retired (at least 3 characters)');
    setBusy(true);
    try {
      onDone(await call('models.retire', { ref: model.ref, reason }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      variant="small"
      onOpenChange={(o) => (o ? undefined : onCancel())}
      title={`Retire ${model.ref}?`}
      description="A retired model stays in the inventory, its history and every report; it can no longer be edited."
      footer={
        <>
          <button className="btn" onClick={onCancel}>Cancel</button>
          <button className="btn btn-danger" onClick={() => void retire()} disabled={busy}>Retire model</button>
        </>
      }
    >
      <Field label="Reason" error={error}>
        <textarea className="textarea" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </Field>
    </Dialog>
  );
};
