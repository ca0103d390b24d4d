/**
 * The worker of the crash harness (test/integration/crash-harness.test.ts): writes through the
 * real handlers as fast as it can — models, assessments submitted and approved, monitoring
 * imports, settings — and prints "ACK kind key" on stdout after each commit (stdout to a pipe is
 * synchronous on Linux, so an ACK printed is an ACK the parent can hold the database to).
 * It runs until it is killed.
 */
import { dispatch } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import type { Result } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { as as switchTo } from './people';

const [dbPath, seedText] = process.argv.slice(2);
let seed = Number(seedText ?? 1);
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const ack = (kind: string, key: string | number): void => void process.stdout.write(`ACK ${kind} ${key}\n`);

const { ctx } = await createRuntime(dbPath!);
const as = async (name: string, role: 'risk_officer' | 'review_lead'): Promise<void> => void await switchTo(ctx, name, role);
process.stdout.write('READY\n');

for (let n = 0; ; n++) {
  await as('Rita Officer', 'risk_officer');
  const ref = `MDL-${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
  const created = await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: `Crash ${ref}`, purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'], validator: 'v', status: 'production' });
  if (!created.ok) continue; // a reference drawn twice: try another
  ack('model', ref);

  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref }));
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4, controls: 'Fallback', residualProbability: 2, residualImpact: 3, treatment: 'mitigate' as const, rationale: 'Tested' }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
  const submitted = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
  ack('submitted', submitted.id);
  await as('Lea Lead', 'review_lead');
  ok(await dispatch(ctx, 'assessments.approve', { id: submitted.id, comment: `ok ${n}` }));
  ack('approved', submitted.id);

  await as('Rita Officer', 'risk_officer');
  const rows = 500 + Math.floor(random() * 3000);
  const lines = ['timestamp,metric,value,lower'];
  for (let i = 0; i < rows; i++) lines.push(`2026-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,accuracy,${(0.8 + random() / 5).toFixed(4)},0.85`);
  const imported = ok<{ sha256: string; rows: number }>(await dispatch(ctx, 'monitoring.ingest', { ref, fileName: `m-${n}.csv`, content: lines.join('\n') }));
  ack('import', `${imported.sha256} ${imported.rows}`);
}
