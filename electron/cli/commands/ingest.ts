import { basename, resolve } from 'node:path';
import type { OutputOf } from '../../../shared/contract';
import { monitoringFormats, type MonitoringFormat } from '../../../shared/monitoring';
import type { Run } from '../commands';
import { UsageError } from '../usage';

/**
 * `mrd ingest --model REF FILE [--format F]`: the file is read where it is, in a worker, as the
 * app imports a dropped file (the same role check, the same job); generic CSVs stream.
 */
export const run: Run = async ({ values, args, io, open }) => {
  const ref = values.model as string | undefined;
  const format = values.format as string | undefined;
  if (!ref) throw new UsageError('ingest needs --model REF (the model the export belongs to)');
  if (format !== undefined && !(monitoringFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${monitoringFormats.join(', ')}, got "${format}"`);
  const host = await open();
  const fileId = await host.stage(resolve(args[0]!));
  const r = (await host.job({ kind: 'monitoring.ingest', fileId, ref, ...(format ? { format: format as MonitoringFormat } : {}) })) as OutputOf<'monitoring.ingest'>;
  io.out(`Imported ${basename(args[0]!)} (${r.format}${r.detected && !format ? `, detected ${Math.round(r.confidence * 100)} %` : ''}) into ${ref}: ${r.rows} values, ${r.metrics.length} metrics, ${r.timeFrom?.slice(0, 10) ?? '?'} to ${r.timeTo?.slice(0, 10) ?? '?'}, ${r.findingsCount} finding${r.findingsCount === 1 ? '' : 's'}${r.stale ? ` (stale data: the latest value is ${r.stale.days} days old, more than ${r.stale.limitDays}; imported as history)` : ''}`);
  return 0;
};
