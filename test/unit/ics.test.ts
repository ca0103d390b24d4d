import { describe, expect, it } from 'vitest';
import { reviewsIcs } from '../../electron/services/ics';

const review = (name: string, reason = 'scheduled') => ({ ref: 'MDL-0001', name, cycle: 'c1', date: '2026-12-15', band: 'High', reviewer: null, planned: false, reason });

describe('.ics text', () => {
  it('a bare CR, a bare LF or CRLF in a name or reason never starts a line of its own', () => {
    const ics = reviewsIcs([review('Churn\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Injected', 'line one\nline two\r\nATTENDEE:mailto:x@example.com')], new Date('2026-12-01T00:00:00Z'));
    // Every line break in the file is a CRLF the writer put there (a fold or a property end).
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const unfolded = ics.replace(/\r\n /g, '');
    const lines = unfolded.split('\r\n');
    expect(lines.filter((l) => l.startsWith('BEGIN:VEVENT'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('SUMMARY:'))).toEqual(['SUMMARY:Review MDL-0001 – Churn\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Injected (High)']);
    expect(lines.some((l) => l.startsWith('ATTENDEE'))).toBe(false);
  });
  it('other control characters are dropped', () => {
    const ics = reviewsIcs([review('Fraud\u0007\u001b[31m')], new Date('2026-12-01T00:00:00Z'));
    expect(ics).toContain('SUMMARY:Review MDL-0001 – Fraud[31m (High)');
  });
});
