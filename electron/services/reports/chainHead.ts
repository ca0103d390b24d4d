/**
 * The audit chain head a report was built on, as the report carries it for machines: an entry of
 * its document information, `/MrdChainHead (SEQ:HASH)`, beside the same head printed on its
 * cover for people. `mrd audit verify --against` and Verify a PDF read it back.
 */
export const CHAIN_HEAD_KEY = 'MrdChainHead';

export const chainHeadValue = (h: { seq: number; hash: string }): string => `(${h.seq}:${h.hash})`;

/** The head a PDF says it was built on (the last such entry, as a later update of the file would add), or null. */
export const readChainHead = (pdf: Buffer): { seq: number; hash: string } | null => {
  const text = pdf.toString('latin1');
  let found: { seq: number; hash: string } | null = null;
  for (const m of text.matchAll(/\/MrdChainHead \((\d{1,12}):([0-9a-f]{64})\)/g)) found = { seq: Number(m[1]), hash: m[2]! };
  return found;
};
