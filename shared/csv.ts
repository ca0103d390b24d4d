/**
 * CSV writing for exports. A text cell that a spreadsheet would run as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading apostrophe, the OWASP advice, so opening an
 * export can never execute what a model's description or a user typed.
 */
/** Apostrophes before a formula character are escaped too, so `unneutralise` is exact. */
const NEEDS_PREFIX = /^'*[=+\-@\t\r]/;

export const neutralise = (text: string): string => (NEEDS_PREFIX.test(text) ? `'${text}` : text);

/** Undoes `neutralise` on import, so an exported file reads back as it was. */
export const unneutralise = (text: string): string => (text.startsWith("'") && NEEDS_PREFIX.test(text.slice(1)) ? text.slice(1) : text);

export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = neutralise(typeof value === 'string' ? value : JSON.stringify(value));
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A whole CSV file: a UTF-8 byte-order mark first, which LibreOffice and Excel need to read the
 * file as UTF-8 (without it "Credit scoring – Nordics" opens as "Credit scoring â€“ Nordics"),
 * CRLF line ends, every text cell neutralised.
 */
export const toCsv = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
