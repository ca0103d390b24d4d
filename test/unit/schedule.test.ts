import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDiff, diffEnvironments, parseEnvironmentText } from '../../shared/environment';
import { defaultMatrix } from '../../shared/matrix';
import { addMonthsToDay, daysBetween, defaultPolicy, intervalFor, scheduleOf, type ScheduleInput } from '../../shared/schedule';

const [low, medium, high, critical] = defaultMatrix().bands as [never, never, never, never];
const approved = (approvedAt: string, band = medium, tier = 2): ScheduleInput => ({ status: 'production', tier, approvedAt, residual: band, inherent: critical, triggers: [] });

describe('calendar arithmetic', () => {
  it('clamps to the end of shorter months and knows leap years', () => {
    expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDay('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsToDay('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonthsToDay('2028-02-29', 48)).toBe('2032-02-29');
    expect(addMonthsToDay('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonthsToDay('2026-12-31', 1)).toBe('2027-01-31');
    expect(addMonthsToDay('2026-10-15', 3)).toBe('2027-01-15');
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it('never drifts a day whatever the month count (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 120 }), (d, n) => {
        const day = d.toISOString().slice(0, 10);
        const out = addMonthsToDay(day, n);
        const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
        const target = new Date(Date.UTC(y, m - 1 + n, 1));
        const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
        const expected = `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(dd, lastDay)).padStart(2, '0')}`;
        expect(out).toBe(expected);
      }),
    );
  });
});

describe('review schedule', () => {
  const policy = defaultPolicy();
  it('adds the band interval to the approval date', () => {
    expect(scheduleOf(approved('2026-01-31', critical), policy, '2026-02-01')).toMatchObject({ due: '2026-04-30', status: 'due', intervalMonths: 3 });
    expect(scheduleOf(approved('2026-01-31', high), policy, '2026-02-01')).toMatchObject({ due: '2026-07-31', status: 'on-track' });
    expect(scheduleOf(approved('2025-06-30', low), policy, '2026-02-01')).toMatchObject({ due: '2027-06-30', status: 'on-track' });
    expect(scheduleOf(approved('2024-02-29', medium), policy, '2026-02-01')).toMatchObject({ due: '2025-02-28', status: 'overdue' });
  });

  it('caps tier-1 models at 12 months', () => {
    expect(intervalFor(policy, low, 1)).toBe(12);
    expect(intervalFor(policy, low, 2)).toBe(24);
    expect(scheduleOf(approved('2026-03-31', low, 1), policy, '2026-04-01').due).toBe('2027-03-31');
  });

  it('uses the inherent band when the policy says so', () => {
    expect(scheduleOf(approved('2026-01-15', low), { ...policy, basis: 'inherent' }, '2026-01-16')).toMatchObject({ due: '2026-04-15', band: { id: 'critical' } });
  });

  it('brings the review forward to the first open trigger', () => {
    const s = scheduleOf({ ...approved('2026-01-10', low), triggers: [{ date: '2026-03-02', reason: 'new version 2.0.0' }] }, policy, '2026-03-05');
    expect(s).toMatchObject({ due: '2026-03-02', status: 'overdue', reason: 'brought forward: new version 2.0.0 (2026-03-02)' });
  });

  it('treats production without approval as due now, and retired as not scheduled', () => {
    expect(scheduleOf({ ...approved('x'), approvedAt: null }, policy, '2026-05-05')).toMatchObject({ due: '2026-05-05', status: 'unassessed' });
    expect(scheduleOf({ ...approved('x'), approvedAt: null, status: 'development' }, policy, '2026-05-05')).toMatchObject({ due: null, status: 'unassessed' });
    expect(scheduleOf({ ...approved('2026-01-01'), status: 'retired' }, policy, '2026-05-05')).toMatchObject({ due: null, status: 'retired' });
  });

  it('counts the horizon in calendar days: due on the last day inside it, on track the day after', () => {
    const h = { ...policy, horizonDays: 30 };
    expect(scheduleOf(approved('2026-01-31', critical), h, '2026-03-31').status).toBe('due');
    expect(scheduleOf(approved('2026-01-31', critical), h, '2026-03-30').status).toBe('on-track');
    expect(scheduleOf(approved('2026-01-31', critical), h, '2026-04-30').status).toBe('due');
    expect(scheduleOf(approved('2026-01-31', critical), h, '2026-05-01').status).toBe('overdue');
  });
});

describe('environment diff', () => {
  it('reads pip freeze, requirements and conda lists', () => {
    const freeze = 'numpy==1.26.4\nscikit-learn==1.4.2\n# comment\n-r base.txt\npandas>=2.1  # pinned loosely\nmylib @ file:///tmp/mylib\nrequests[socks]==2.31.0';
    expect(parseEnvironmentText(freeze)).toEqual({ numpy: '1.26.4', 'scikit-learn': '1.4.2', pandas: '2.1', mylib: '', requests: '2.31.0' });
    expect(parseEnvironmentText('python=3.11.7=h955ad1f_0\nnumpy=1.26.4=py311h08b1b3b_0')).toEqual({ python: '3.11.7', numpy: '1.26.4' });
    expect(parseEnvironmentText('python=3.11, torch=2.3.1')).toEqual({ python: '3.11', torch: '2.3.1' });
  });

  it('names added, removed and changed packages, matching names as pip does', () => {
    const d = diffEnvironments({ python: '3.11', 'scikit_learn': '1.4.2', numpy: '1.26' }, { python: '3.12', 'Scikit-Learn': '1.4.2', pandas: '2.2' });
    expect(d).toEqual({ added: [{ name: 'pandas', version: '2.2' }], removed: [{ name: 'numpy', version: '1.26' }], changed: [{ name: 'python', from: '3.11', to: '3.12' }] });
    expect(describeDiff(d)).toEqual(['python: validated 3.11, production 3.12', 'numpy 1.26: validated, missing in production', 'pandas 2.2: in production, not validated']);
    expect(diffEnvironments({ a: '1' }, { A: '1' })).toEqual({ added: [], removed: [], changed: [] });
  });
});
