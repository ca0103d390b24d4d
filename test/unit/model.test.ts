import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoPortfolio } from '../../electron/services/demo';
import { emptyModelInput, environmentDrift, formatEnvironment, modelInputOf, modelInputSchema, parseEnvironment, parseList, type ModelInput } from '../../shared/model';

const valid = (): ModelInput => ({
  ...emptyModelInput(),
  ref: 'MDL-0042',
  name: 'Credit scoring – EU',
  purpose: 'Probability of default for retail loans.',
  businessUnit: 'Retail Banking',
  owner: 'Ana Martin',
  developers: ['Ben Okafor', 'Chloé Rossi'],
  validator: 'David Nguyen',
  status: 'production',
  validatedEnv: { python: '3.11', 'scikit-learn': '1.4.2' },
  productionEnv: { python: '3.11', 'scikit-learn': '1.4.2' },
});

const issuePaths = (input: unknown): string[] => {
  const r = modelInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('model inventory rules', () => {
  it('accepts a complete model', () => {
    expect(modelInputSchema.safeParse(valid()).success).toBe(true);
  });

  it('requires the validator to differ from the developers (case-insensitive)', () => {
    const r = modelInputSchema.safeParse({ ...valid(), validator: 'ben okafor' });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['validator'], message: 'validator must differ from the developers' })]);
  });

  it('names each wrong field', () => {
    expect(issuePaths({ ...valid(), ref: 'model 42' })).toEqual(['ref']);
    expect(issuePaths({ ...valid(), tier: 4 })).toEqual(['tier']);
    expect(issuePaths({ ...valid(), status: 'retired' })).toEqual(['status']);
    expect(issuePaths({ ...valid(), maintainers: Number.NaN })).toEqual(['maintainers']);
    expect(issuePaths({ ...valid(), documentationUrl: 'javascript:alert(1)' })).toEqual(['documentationUrl']);
    expect(issuePaths({ ...valid(), sourcing: 'vendor', vendorName: '' })).toEqual(['vendorName']);
    expect(issuePaths({ ...valid(), validatedEnv: { python: '' } })).toEqual(['validatedEnv.python']);
    expect(issuePaths({ ...valid(), tags: ['Bad Tag'] })).toEqual(['tags']);
    expect(issuePaths({ ...valid(), extra: 1 })).toEqual(['']);
  });

  it('needs a validator once a model reaches validation', () => {
    expect(issuePaths({ ...valid(), validator: '' })).toEqual(['validator']);
    expect(issuePaths({ ...valid(), validator: '', status: 'development' })).toEqual([]);
  });

  it('parses and formats environments symmetrically (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);
    const version = fc.stringMatching(/^[0-9][0-9a-z.]{0,9}$/);
    fc.assert(
      fc.property(fc.dictionary(name, version, { maxKeys: 8 }), (env) => {
        expect(parseEnvironment(formatEnvironment(env))).toEqual(env);
      }),
    );
    expect(parseEnvironment('python==3.11\nnumpy = 1.26')).toEqual({ python: '3.11', numpy: '1.26' });
    expect(parseList(' a, b ,,\nc ')).toEqual(['a', 'b', 'c']);
  });

  it('reports environment drift package by package', () => {
    expect(environmentDrift({ python: '3.11', torch: '2.3.1' }, { python: '3.12', torch: '2.3.1' })).toEqual(['python: validated 3.11, production 3.12']);
    expect(environmentDrift({ python: '3.11' }, {})).toEqual([]);
  });

  it('writes a deterministic demo portfolio whose every model is valid', () => {
    const a = demoPortfolio(300, 7);
    expect(demoPortfolio(300, 7)).toEqual(a);
    expect(demoPortfolio(300, 8)).not.toEqual(a);
    expect(new Set(a.map((m) => m.ref)).size).toBe(300);
    for (const m of a) {
      const r = modelInputSchema.safeParse(modelInputOf({ ...m, id: 0, envStatus: 'matches' }));
      expect(r.success, `${m.ref}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
      expect(m.status === 'retired').toBe(m.retiredAt !== null);
    }
    const units = new Set(a.map((m) => m.businessUnit));
    expect(units.size).toBeGreaterThanOrEqual(8);
    expect(new Set(a.map((m) => m.status)).size).toBe(5);
  });
});
