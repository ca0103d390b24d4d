/**
 * iCalendar (RFC 5545) for the review plan: one all-day VEVENT per scheduled review. The UID is
 * the model and the assessment the review follows, so re-importing an updated plan moves the
 * event rather than adding a second one.
 */
export type CalendarReview = {
  ref: string;
  name: string;
  cycle: string;
  date: string;
  band: string | null;
  reviewer: string | null;
  planned: boolean;
  reason: string;
};

/**
 * RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break (CRLF, a bare LF and a
 * bare CR, which some parsers split on) written as a backslash and n, and other control characters dropped, so
 * no text can start a line of its own.
 */
// eslint-disable-next-line no-control-regex
const escapeText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
export const foldLine = (line: string): string => {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
};

const compactDay = (day: string): string => day.replace(/-/g, '');
const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export const reviewsIcs = (reviews: CalendarReview[], now: Date): string => {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Model Risk Desk//Review plan//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Model reviews'];
  for (const r of reviews) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:review-${r.ref}-${r.cycle}@model-risk-desk`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${compactDay(r.date)}`,
      `DTEND;VALUE=DATE:${compactDay(nextDay(r.date))}`,
      `SUMMARY:${escapeText(`Review ${r.ref} – ${r.name}${r.band ? ` (${r.band})` : ''}`)}`,
      `DESCRIPTION:${escapeText(`${r.reason}${r.reviewer ? `\nReviewer: ${r.reviewer}` : '\nNo reviewer assigned yet'}`)}`,
      ...(r.band ? [`CATEGORIES:${escapeText(r.band)}`] : []),
      `STATUS:${r.planned ? 'CONFIRMED' : 'TENTATIVE'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
};
