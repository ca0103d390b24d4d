import type { EvidenceFile } from '../../../shared/monitoring';

/** Evidence files as kept: name, size and SHA-256 (a finding's closure, a treatment action's outcome). */
export const EvidenceTable = ({ evidence }: { evidence: EvidenceFile[] }) =>
  evidence.length ? (
    <table className="data-table" aria-label="Evidence">
      <thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead>
      <tbody>{evidence.map((e) => <tr key={e.sha256 + e.name}><td>{e.name}</td><td className="mono">{e.bytes}</td><td className="mono" style={{ wordBreak: 'break-all' }}>{e.sha256}</td></tr>)}</tbody>
    </table>
  ) : <p className="muted">No evidence files.</p>;
