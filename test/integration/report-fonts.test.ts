import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../electron/services/demo';
import { collectReport } from '../../electron/services/reports/data';
import { partDocument, reportParts } from '../../electron/services/reports/document';
import { fontCacheStats } from '../../electron/services/reports/fontCache';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { tempRuntime } from '../helpers/temp';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('fonts shared between the documents of a report', () => {
  it('a document built on fonts parsed and measured by an earlier one has the same bytes as one that parsed them itself', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const { ctx, close } = tempRuntime(undefined, () => now);
    seedDemo(ctx.db, { models: 8, seed: 5, actor: 'system', now });
    // Greek and CJK in a name: the CJK font is shared too.
    ctx.db.$client.prepare("update models set name = 'Ωμέγα 信用评分' where ref = 'MDL-0002'").run();
    const data = collectReport(ctx.db, { kind: 'portfolio', asOf: '2026-11-20', scope: {} });
    close();
    const author = { name: 'Aude Auditor', role: 'auditor' as const };
    const [front, models] = reportParts(data);
    // This file's module state is fresh: the first document opens every font itself.
    expect(fontCacheStats.reused).toBe(0);
    const first = await renderPdf(partDocument(data, author, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBe(0);
    await renderPdf(partDocument(data, author, front!), defaultFontDirs());
    const again = await renderPdf(partDocument(data, author, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBeGreaterThanOrEqual(3);
    expect(sha(again)).toBe(sha(first));
  });
});
