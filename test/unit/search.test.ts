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
});
