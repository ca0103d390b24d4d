import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesWords, searchFold } from '../../shared/text';

describe('inventory search', () => {
  it('matches every word in any order, ignoring case and accents', () => {
    const name = searchFold('Card fraud detection – Nordics');
    expect(matchesWords(name, 'fraud nordics')).toBe(true);
    expect(matchesWords(name, 'NORDICS   Fraud')).toBe(true);
    expect(matchesWords(name, 'fraud baltics')).toBe(false);
    expect(matchesWords(searchFold('Scoring crédit – Société Générale'), 'credit societe')).toBe(true);
    expect(matchesWords(searchFold('Kreditwürdigkeit'), 'WURDIG')).toBe(true);
    expect(matchesWords(name, '   ')).toBe(true);
  });

  it('finds a text by any of its words, shuffled and recased (property)', () => {
    const word = fc.stringMatching(/^[a-zà-ÿ]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (words, picks) => {
        const text = words.join(' ');
        const query = picks.map((p) => words[p % words.length]!.toUpperCase()).reverse().join(' ');
        expect(matchesWords(searchFold(text), query)).toBe(true);
      }),
    );
  });

  it('folds plain names through the short path exactly as NFKD and mark removal would (property)', () => {
    // The short path (ASCII and dashes, lower-cased only) must give what the full fold gives.
    const full = (x: string): string => x.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    const text = fc.array(fc.constantFrom(...'aZ09 -–—_.,;:!?()[]{}@*/&#%`^+<=>|~$\'"éÅøßİﬁ…\u0301\t\u0001\u0007'.split('')), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (x) => {
        expect(searchFold(x)).toBe(full(x));
      }),
    );
    expect(searchFold('Price elasticity – APAC')).toBe('price elasticity – apac');
    expect(searchFold('Scoring Crédit')).toBe('scoring credit');
  });

  it('answers a new query after an earlier one (the folded words are kept per query)', () => {
    const name = searchFold('Treasury liquidity forecast – EMEA');
    expect(matchesWords(name, 'treasury')).toBe(true);
    expect(matchesWords(name, 'fraud')).toBe(false);
    expect(matchesWords(name, 'EMEA liquidity')).toBe(true);
    expect(matchesWords(name, 'treasury')).toBe(true);
  });
});
