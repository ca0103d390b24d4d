import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { styleStackClass } from '../../electron/services/reports/pdfmakeInternals';
import { fasterStyleLookup } from '../../electron/services/reports/styleLookup';

/** pdfmake's style stack, constructed as pdfmake does (the class is not in its typed API). */
type Stack = { push: (x: unknown) => void };
const S = styleStackClass<{ new (dict: Record<string, unknown>, defaults?: Record<string, unknown>): Stack; getStyleProperty: (item: unknown, stack: unknown, property: string, def: unknown) => unknown }>();

const PROPS = ['font', 'fontSize', 'bold', 'color', 'margin'] as const;
const NAMES = ['h1', 'h2', 'note', 'base', 'loop'] as const;
const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(0), fc.constant(false), fc.constant(''), fc.integer({ min: 1, max: 20 }), fc.constantFrom('Noto', '#123456'));
const props = fc.record(Object.fromEntries(PROPS.map((p) => [p, value])) as Record<(typeof PROPS)[number], typeof value>, { requiredKeys: [] });
const style = fc.record({ own: props, extends: fc.option(fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...NAMES), { maxLength: 3 })), { nil: undefined }) });
const item = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.record({ own: props, style: fc.option(fc.oneof(fc.constantFrom(...NAMES, 'missing'), fc.array(fc.constantFrom(...NAMES, 'missing'), { maxLength: 3 })), { nil: undefined }), section: fc.option(fc.constant('header'), { nil: undefined }) }).map(({ own, ...rest }) => ({ ...own, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) })),
);
const scenario = fc.record({
  dictionary: fc.dictionary(fc.constantFrom(...NAMES), style).map((d) => Object.fromEntries(Object.entries(d).map(([k, s]) => [k, { ...s.own, ...(s.extends !== undefined ? { extends: s.extends } : {}) }]))),
  defaults: props,
  overrides: fc.array(fc.oneof(fc.constantFrom(...NAMES, 'missing'), props), { maxLength: 5 }),
  item,
  property: fc.constantFrom(...PROPS),
  fallback: fc.constantFrom('default', undefined),
  noStack: fc.boolean(),
});

describe("the allocation-free style lookup gives pdfmake's own answers", () => {
  it('for random style dictionaries (with extends and cycles), stacks, items and properties', () => {
    const cases = fc.sample(scenario, { numRuns: 3000, seed: 42 });
    const run = (c: (typeof cases)[number]): unknown => {
      const stack = new S(c.dictionary, c.defaults);
      for (const o of c.overrides) stack.push(o);
      return S.getStyleProperty(c.item, c.noStack ? undefined : stack, c.property, c.fallback);
    };
    // pdfmake's own lookup first (nothing is patched yet in this file), then the replacement.
    const expected = cases.map(run);
    expect(new Set(expected.map((v) => JSON.stringify(v) ?? 'undefined')).size).toBeGreaterThan(5);
    fasterStyleLookup();
    expect(S.getStyleProperty.toString()).not.toContain('auto(');
    cases.forEach((c, i) => expect(run(c), JSON.stringify(c)).toEqual(expected[i]));
  });
});
