import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { withoutEmoji } from '../../electron/services/reports/document';
import { emptyModelInput } from '../../shared/model';
import { as } from '../helpers/people';
import { pdfText, report } from '../helpers/reportJob';
import { tempRuntime } from '../helpers/temp';

describe('emoji in a PDF', () => {
  it('are written out by code point, never left as an empty box; other symbols the fonts have stay', () => {
    expect(withoutEmoji('Fraud 🚀 radar')).toBe('Fraud [emoji U+1F680] radar');
    expect(withoutEmoji('🇫🇷 👍🏽 ❤️')).toBe('[emoji U+1F1EB U+1F1F7] [emoji U+1F44D U+1F3FD] [emoji U+2764]');
    expect(withoutEmoji('© ® ™ ↔ ∞ – é ü 日本')).toBe('© ® ™ ↔ ∞ – é ü 日本');
  });
  it('a model named with an emoji prints its name with the emoji written out', async () => {
    const { ctx } = await tempRuntime(undefined, () => new Date('2026-11-20T12:00:00Z'));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const made = await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Fraud 🚀 radar', purpose: 'Flags fraud', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' });
    expect(made.ok).toBe(true);
    await as(ctx, 'Aude Auditor', 'auditor');
    const { file } = await report(ctx, { kind: 'model', ref: 'MDL-0001', asOf: '2026-11-20' });
    const text = pdfText(file);
    expect(text).toContain('Fraud [emoji U+1F680] radar');
    expect(text).not.toContain('🚀');
  });
});
