import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelListRow } from '../../shared/model';
import { naturalRanks } from '../../renderer/src/features/inventory/columns';

/** A table as ranking reads it: the data array and the name column's accessor. */
const tableOf = (names: string[]) => {
  const data = names.map((name) => ({ name }) as ModelListRow);
  return { options: { data }, getColumn: (id: string) => (id === 'name' ? { accessorFn: (m: ModelListRow) => m.name } : undefined) };
};
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
/** The order the inventory promises: natural, case- and accent-blind, ties in data order. */
const expected = (names: string[]): number[] => names.map((_, i) => i).sort((a, b) => collator.compare(names[a]!, names[b]!) || a - b);
const byRank = (ranks: Int32Array): number[] => [...ranks.keys()].sort((a, b) => ranks[a]! - ranks[b]! || a - b);

describe('inventory sort by rank', () => {
  it('puts MDL-9 before MDL-10 and treats case and accents as ties kept in data order', () => {
    const names = ['credit', 'MDL-10', 'mdl-9', 'Crédit', 'credit', 'MDL-9', 'alpha'];
    const ranks = naturalRanks(tableOf(names), 'name');
    expect(byRank(ranks)).toEqual([6, 0, 3, 4, 2, 5, 1]);
  });

  it('orders rows exactly as comparing every pair with the collator would (property)', () => {
    // Few distinct pieces, so that values the collator holds equal recur in any order.
    const piece = fc.constantFrom('a', 'A', 'á', 'b', 'É', 'e', '9', '10', '09', 'MDL-');
    const name = fc.oneof(piece, fc.tuple(piece, piece).map(([x, y]) => x + y));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 60, size: 'max' }), (names) => {
        expect(byRank(naturalRanks(tableOf(names), 'name'))).toEqual(expected(names));
      }),
    );
  });

  it('ranks a new data array afresh (an edit replaces the array) and reuses them for the same one', () => {
    const before = tableOf(['b', 'a']);
    const first = naturalRanks(before, 'name');
    expect(naturalRanks(before, 'name')).toBe(first);
    const after = tableOf(['a', 'b']);
    expect([...naturalRanks(after, 'name')]).toEqual([0, 1]);
    expect([...first]).toEqual([1, 0]);
  });
});
