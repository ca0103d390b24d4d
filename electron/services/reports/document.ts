import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { categoryLabels, diffRisks, type Assessment } from '../../../shared/assessment';
import { matrixSvg, seriesSvg } from '../../../shared/charts/svg';
import { heatGrids, type HeatGrid } from '../../../shared/heatmap';
import { textColorOn } from '../../../shared/charts/matrixGrid';
import { groupBy } from '../../../shared/group';
import { describeDiff, diffEnvironments } from '../../../shared/environment';
import type { Band } from '../../../shared/matrix';
import type { Role } from '../../../shared/profile';
import type { Actor } from '../../../shared/people';
import { describeScope } from '../../../shared/reports';
import { findingKindLabels, isOverdue, remediationLabels } from '../../../shared/findings';
import { acceptanceStatusLabels, actionStatusLabels, EXPIRING_DAYS, isActionOverdue } from '../../../shared/treatments';
import type { ReportData, ReportModel } from './data';
import { minuteOf } from '../../../shared/schedule';

/** Who asked for the report (the register names them, the pages do not: same data, same bytes). */
export type Author = Actor & { role: Role };

// --- text helpers ---------------------------------------------------------------------------

// CJK, and arrows (Noto Sans has none; the CJK font has them).
const CJK = /[\u2190-\u21FF\u2200-\u22FF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+/g;

/** Long unbroken tokens (URLs, hashes) get break opportunities so they wrap inside their cell. */
const wrap = (s: string): string => (s.length < 28 ? s : s.replace(/\S{28,}/g, (w) => w.replace(/(.{20})/g, '$1\u200B')));

/**
 * Emoji (pictographs from U+2300 on, flags, with their skin tones, variation selectors and
 * joiners): neither embedded font has them, and pdfkit would draw an empty box. Each sequence is
 * written visibly instead, by its code points: "Fraud 🚀" prints "Fraud [emoji U+1F680]".
 */
const EMOJI = /(?:(?=[\u2300-\uFFFF]|[\u{10000}-\u{10FFFF}])\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\p{Emoji_Modifier}|\u200D(?:\p{Extended_Pictographic}|\p{Regional_Indicator})|\p{Regional_Indicator})*\uFE0F?/gu;
export const withoutEmoji = (s: string): string =>
  s.replace(EMOJI, (seq) => `[emoji ${[...seq].filter((c) => c !== '\uFE0F' && c !== '\u200D').map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}]`);

/** Text as runs: CJK characters in the CJK font, everything else in the main font; emoji written out. */
export const runs = (value: string | number | null | undefined): string | { text: string; font?: string }[] => {
  const s = wrap(withoutEmoji(value === null || value === undefined || value === '' ? '—' : String(value)));
  if (!CJK.test(s)) return s;
  CJK.lastIndex = 0;
  const out: { text: string; font?: string }[] = [];
  let last = 0;
  for (const m of s.matchAll(CJK)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index) });
    out.push({ text: m[0], font: 'CJK' });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
};

const cell = (value: string | number | null | undefined, extra: Record<string, unknown> = {}): TableCell => ({ text: runs(value), ...extra });
const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—');
const when = (iso: string | null | undefined): string => (iso ? `${minuteOf(iso)} UTC` : '—');
const bandCell = (b: Band | null | undefined): TableCell => (b ? ({ text: b.name, fillColor: b.color, color: textColorOn(b.color), bold: true }) : cell('unassessed', { color: '#6b7280' }));

/**
 * A table; with a title, the title is its first header row, so it is never left alone at the
 * foot of a page (pdfmake keeps header rows with the first body row) and repeats when it breaks.
 */
const table = (widths: (string | number)[], header: string[], rows: TableCell[][], opts: { fontSize?: number; title?: string } = {}): Content => ({
  table: {
    headerRows: opts.title ? 2 : 1,
    keepWithHeaderRows: 1,
    widths,
    dontBreakRows: true,
    body: [
      ...(opts.title ? [[{ text: opts.title, colSpan: header.length, fontSize: 10.5, bold: true, margin: [-3, 6, 0, 2] } as TableCell, ...header.slice(1).map(() => ({}))]] : []),
      header.map((h) => ({ text: h, bold: true, fillColor: '#eef1f5' })),
      ...rows,
    ],
  },
  layout: opts.title ? 'titled' : 'report',
  fontSize: opts.fontSize ?? 8,
  margin: [0, 2, 0, 8],
});

/** Content kept on one page with its heading. */
const keep = (...content: Content[]): Content => ({ stack: content, unbreakable: true });

const fields = (pairs: [string, string | number | null | TableCell][]): Content => ({
  table: { widths: [110, '*'], dontBreakRows: true, body: pairs.map(([k, v]) => [{ text: k, color: '#4a5568' }, v !== null && typeof v === 'object' ? v : cell(v)]) },
  layout: 'report',
  fontSize: 8,
  margin: [0, 2, 0, 8],
});

/** When the matrix in force at the as-of time took effect; the default version 1 is in force from the start. */
const inForceSince = (d: ReportData): string => (d.matrixSince ? `in force since ${day(d.matrixSince)}` : 'the default, in force from the start');

const h1 = (text: string, id?: string): Content => ({ text: runs(text), style: 'h1', ...(id ? { id } : {}), tocItem: id ? true : false });
const h2 = (text: string): Content => ({ text: runs(text), style: 'h2' });
const note = (text: string): Content => ({ text: runs(text), style: 'note' });

// --- sections -------------------------------------------------------------------------------

/**
 * The cover says only what is true of the data: its as-of time, scope, identity mode and chain
 * head. Who generated the file and when are facts of the register (with the file's SHA-256), not
 * of the pages, so the same data as of the same date gives the same bytes whoever asks for it.
 */
const cover = (d: ReportData, title: string): Content[] => [
  { text: 'Model Risk Desk', style: 'brand' },
  { text: runs(title), style: 'title' },
  fields([
    ['Scope', describeScope(d.request)],
    ['Data as of', `${d.request.asOf}: the portfolio as it stood at ${when(d.asOfEnd)}`],
    ['Models in scope', d.models.length],
    ['Identity', d.identity],
    ['Generated by, at', 'Recorded in the report register with this file\'s SHA-256 (Reports › Verify a PDF), not printed here: the same data as of the same date gives the same file, byte for byte.'],
    ['Risk matrix in force', `${d.matrix.name} (version ${d.matrix.version}, ${inForceSince(d)})`],
    ['Audit chain head', { text: d.chain.head, font: 'Light' }],
    ['Head entry', `#${d.chain.headSeq}, the latest entry at the as-of time (report registrations left out)`],
    ['Chain verification', d.chain.ok ? 'Intact: every entry\'s hash covers the previous hash and its own content.' : `BROKEN — ${d.chain.reason ?? ''}`],
  ]),
  note('Verify this file: Reports › Verify a PDF, or `mrd audit verify --against` this file, which also checks that the audit chain still extends the head printed above (nothing removed, rewound or rewritten up to it).'),
];

const summary = (d: ReportData): Content[] => {
  const active = d.models.filter((r) => r.model.status !== 'retired');
  // Each model on the grid of the matrix its own assessment used, counted under the band it was approved with.
  const heat = heatGrids(
    active.map((r) => ({ ref: r.model.ref, cell: r.current?.residualCell ?? null, band: r.current?.overallResidual ?? null, matrixVersion: r.current?.matrixVersion ?? null })),
    new Map(Object.values(d.matrices).map((m) => [m.version, m])),
    d.matrix,
  );
  const countsOf = (g: HeatGrid): Map<string, number> => new Map(g.cells.map((c) => [`${c.probability}:${c.impact}`, c.refs.length]));
  const unassessed = heat.unassessed;
  const overdue = active.filter((r) => r.schedule.status === 'overdue' || (r.schedule.status === 'unassessed' && r.schedule.due !== null));
  const upcoming = active.filter((r) => r.schedule.status === 'due').sort((a, b) => (a.schedule.due ?? '').localeCompare(b.schedule.due ?? ''));
  const open = d.models.flatMap((r) => r.findings.filter((f) => f.remediation !== 'closed'));
  // The period is the audit extract's: from the request's start, or a year before the as-of date.
  const periodFrom = d.request.from ?? new Date(Date.parse(d.asOfEnd) - 365 * 86_400_000).toISOString();
  const closed = d.models.flatMap((r) => r.findings.filter((f) => f.remediation === 'closed' && f.closedAt !== null && f.closedAt >= periodFrom)).sort((a, b) => (a.closedAt! < b.closedAt! ? -1 : 1));
  const current = d.models.flatMap((r) => r.acceptances.filter((a) => a.status !== 'superseded'));
  const expiring = current.filter((a) => a.status === 'expired' || a.status === 'expiring');
  const accepted = current.filter((a) => a.status === 'active').length;
  const openActions = d.models.reduce((n, r) => n + r.actions.filter((a) => a.status === 'planned' || a.status === 'in_progress').length, 0);
  const lateActions = d.models.flatMap((r) => r.actions.filter((a) => isActionOverdue(a, d.request.asOf))).sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  const LIMIT = 60;
  const more = (n: number): Content[] => (n > LIMIT ? [note(`${n - LIMIT} more not listed here; each model's section lists its own.`)] : []);
  return [
    h1('Executive summary', 'summary'),
    {
      columns: [
        {
          width: 200,
          stack: [
            h2('Models by residual band'),
            table([90, 50], ['Band', 'Models'], [...[...heat.byBand].reverse().map((b) => [bandCell(b.band), cell(b.count)]), [cell('Unassessed'), cell(unassessed)], [cell('Retired'), cell(d.models.length - active.length)]]),
            note(`${active.length} active models; each counted under the band it was approved with.`),
          ],
        },
        { width: '*', stack: [h2('Heat map (residual, active models)'), { svg: matrixSvg(d.matrix, { width: 300, height: 210, counts: countsOf(heat.grids[0]!), axisLabels: true }), width: 300 }] },
      ],
      columnGap: 16,
    },
    ...heat.grids.slice(1).map((g) =>
      keep(
        h2(`Models still rated on ${g.matrix.name}, matrix version ${g.matrix.version} (${g.models})`),
        { columns: [{ width: 240, svg: matrixSvg(g.matrix, { width: 240, height: 170, counts: countsOf(g), axisLabels: true }) }, { width: '*', stack: [note(`Approved on that matrix before version ${d.matrix.version} took effect: placed on its grid, with its bands, until reassessed.`)] }], columnGap: 12 },
      ),
    ),
    overdue.length ? table([60, '*', 58, '*'], ['Model', 'Name', 'Due', 'Reason'], overdue.slice(0, LIMIT).map((r) => [cell(r.model.ref), cell(r.model.name), cell(r.schedule.due), cell(r.schedule.reason)]), { title: `Overdue reviews (${overdue.length})` }) : keep(h2('Overdue reviews (0)'), note('None.')),
    ...more(overdue.length),
    upcoming.length ? table([60, '*', 58, '*'], ['Model', 'Name', 'Due', 'Reason'], upcoming.slice(0, LIMIT).map((r) => [cell(r.model.ref), cell(r.model.name), cell(r.schedule.due), cell(r.schedule.reason)]), { title: `Reviews due within ${d.policy.horizonDays} days (${upcoming.length})` }) : keep(h2(`Reviews due within ${d.policy.horizonDays} days (0)`), note('None.')),
    ...more(upcoming.length),
    open.length
      ? table([50, 54, '*', 34, 70, 62, 58], ['Model', 'Kind', 'Finding', 'Sev.', 'Owner', 'Due', 'Remediation'], open.slice(0, LIMIT).map((f) => [cell(f.modelRef), cell(findingKindLabels[f.kind]), cell(`${f.label}${f.metric ? ` (${f.metric})` : ''} · ${categoryLabels[f.category]}`), cell(f.severity), cell(f.owner || '—'), cell(`${f.dueDate ?? '—'}${isOverdue(f, d.request.asOf) ? ' overdue' : ''}`), cell(remediationLabels[f.remediation])]), { title: `Findings register: not closed (${open.length})` })
      : keep(h2('Findings register: not closed (0)'), note('None.')),
    ...more(open.length),
    closed.length
      ? table([50, '*', 56, 70, '*'], ['Model', 'Finding', 'Closed', 'By', 'Justification and evidence (SHA-256)'], closed.slice(0, LIMIT).map((f) => [cell(f.modelRef), cell(f.label), cell(day(f.closedAt)), cell(f.closedBy), { stack: [{ text: f.closure }, ...evidenceLines(f.evidence)] }]), { title: `Findings closed from ${day(periodFrom)} to ${d.request.asOf} (${closed.length})` })
      : keep(h2(`Findings closed from ${day(periodFrom)} to ${d.request.asOf} (0)`), note('None.')),
    ...more(closed.length),
    expiring.length
      ? table([50, 70, 44, 70, 52, 60, '*'], ['Model', 'Risk', 'Band', 'Accepted by', 'Expires', 'Status', 'Justification'], expiring.slice(0, LIMIT).map((a) => [cell(a.modelRef), cell(categoryLabels[a.category]), cell(a.band), cell(a.acceptedBy), cell(a.expiresOn), cell(acceptanceStatusLabels[a.status]), cell(a.justification)]), { title: `Risk acceptances expired or expiring within ${EXPIRING_DAYS} days (${expiring.length})` })
      : keep(h2(`Risk acceptances expired or expiring within ${EXPIRING_DAYS} days (0)`), note(`None; ${accepted} acceptances in force.`)),
    ...more(expiring.length),
    lateActions.length
      ? table([50, 70, '*', 64, 52, 52], ['Model', 'Risk', 'Action', 'Owner', 'Due', 'Status'], lateActions.slice(0, LIMIT).map((a) => [cell(a.modelRef), cell(categoryLabels[a.category]), cell(a.title), cell(a.owner), cell(a.dueDate), cell(actionStatusLabels[a.status])]), { title: `Treatment actions overdue (${lateActions.length} of ${openActions} open)` })
      : keep(h2(`Treatment actions overdue (0 of ${openActions} open)`), note('None.')),
    ...more(lateActions.length),
  ];
};

const inventory = (d: ReportData): Content[] => [
  h1('Inventory', 'inventory'),
  table(
    [52, '*', 34, 62, 62, 52, 22, 48, 50],
    ['Ref', 'Name', 'Version', 'Business unit', 'Owner', 'Status', 'Tier', 'Rating', 'Next review'],
    d.models.map((r) => [cell(r.model.ref), cell(r.model.name), cell(r.model.version), cell(r.model.businessUnit), cell(r.model.owner), cell(r.model.status), cell(r.model.tier), bandCell(r.current?.overallResidual), cell(r.schedule.due ?? r.schedule.status)]),
    { fontSize: 7 },
  ),
];

const scoreText = (p: number | null, i: number | null, b: Band | null): string => (p !== null && i !== null ? `P${p} × I${i} = ${p * i}${b ? ` ${b.name}` : ''}` : '—');

const scores = (d: ReportData, a: Assessment): Content[] => {
  // Drawn on the matrix the assessment was scored on, which may be older than the one in force.
  const m = d.matrices[a.matrixVersion] ?? d.matrix;
  const moves = a.risks.flatMap((r, k) =>
    r.inherentProbability && r.inherentImpact && r.residualProbability && r.residualImpact
      ? [{ from: { probability: r.inherentProbability, impact: r.inherentImpact }, to: { probability: r.residualProbability, impact: r.residualImpact }, label: String(k + 1) }]
      : [],
  );
  const fits = a.risks.every((r) => [r.inherentProbability, r.residualProbability].every((p) => !p || p <= m.probability.length) && [r.inherentImpact, r.residualImpact].every((i) => !i || i <= m.impact.length));
  return [
    keep(
      h2(`Current scores — version ${a.version}, approved ${day(a.decidedAt)} (matrix v${a.matrixVersion})`),
      fits
      ? {
          columns: [
            { width: 200, svg: matrixSvg(m, { width: 200, height: 130, moves }) },
            { width: '*', stack: [note(`Each arrow goes from a risk's inherent score to its residual score after controls; the number is the risk (1 Unavailability, 2 Bad prediction, 3 Degradation, 4 Skills loss). Rows are probability, ${m.probability[0]?.label ?? ''} at the bottom to ${m.probability.at(-1)?.label ?? ''} at the top; columns are impact, ${m.impact[0]?.label ?? ''} on the left to ${m.impact.at(-1)?.label ?? ''} on the right (${m.version === d.matrix.version ? 'Appendix A' : `matrix version ${m.version}, ${m.name}, the one it was scored on`}).`)] },
          ],
          columnGap: 10,
        }
      : note(`Scored on matrix version ${a.matrixVersion}; the scores are listed below.`),
    ),
    table(
      [62, 76, 76, '*', 44, '*'],
      ['Risk', 'Inherent', 'Residual', 'Controls', 'Treatment', 'Rationale'],
      a.risks.map((r, k) => [cell(`${k + 1}. ${categoryLabels[r.category]}`), cell(scoreText(r.inherentProbability, r.inherentImpact, r.inherentBand)), cell(scoreText(r.residualProbability, r.residualImpact, r.residualBand)), cell(r.controls), cell(r.treatment), cell(r.rationale)]),
    ),
  ];
};

const history = (d: ReportData, r: ReportModel): Content[] => {
  // On a team database the login that acted, beside the directory's name: "Lea Lead (lea)".
  const person = (name: string | null, login: string | null): string => `${name ?? ''}${d.logins && login && login !== d.logins.owner ? ` (${login})` : ''}`;
  const approved = r.assessments.filter((a) => a.status === 'approved');
  const changes = approved.slice(1).map((a, i) => ({ from: approved[i]!, to: a, diff: diffRisks(approved[i]!.risks, a.risks) }));
  return [
    r.assessments.length
      ? table([26, 50, 70, 58, 70, 58, '*'], ['Ver.', 'Status', 'Assessor', 'Submitted', 'Decided by', 'Decided', 'Comment'], r.assessments.map((a) => {
          const decided = a.decidedAt !== null && a.status !== 'submitted' && a.status !== 'draft';
          // A decision under the submitter's OS account (the "shared computer" policy) says so.
          const shared = decided && a.sharedComputer ? ' [shared computer: same OS account as the submission]' : '';
          return [cell(a.version), cell(a.status), cell(a.assessor ? person(a.assessor, a.assessorOs) : a.createdBy), cell(day(a.submittedAt)), cell(decided ? `${person(a.decidedBy, a.decidedOs)}${shared}` : null), cell(decided ? day(a.decidedAt) : null), cell(decided ? a.decisionComment : null)];
        }), { title: 'Assessments and approvals' })
      : keep(h2('Assessments and approvals'), note('No assessment yet.')),
    ...(changes.length
      ? [
          table(
            [50, 70, 80, '*', '*'],
            ['Versions', 'Risk', 'Field', 'From', 'To'],
            changes.flatMap((c) => (c.diff.length ? c.diff.map((x) => [cell(`v${c.from.version} → v${c.to.version}`), cell(categoryLabels[x.category]), cell(x.field), cell(x.from), cell(x.to)]) : [[cell(`v${c.from.version} → v${c.to.version}`), cell('—'), cell('no change in scores'), cell(''), cell('')]])),
            { title: 'Version history: what changed' },
          ),
        ]
      : []),
  ];
};

const CHARTS_PER_MODEL = 6;

const monitoring = (d: ReportData, r: ReportModel): Content[] => {
  const groups = groupBy(r.series, (p) => `${p.metric}${p.feature ? ` · ${p.feature}` : ''}`);
  // Series with alerts first: they are the evidence.
  const shown = [...groups].sort((a, b) => Number(b[1].some((p) => p.alert)) - Number(a[1].some((p) => p.alert)) || a[0].localeCompare(b[0])).slice(0, CHARTS_PER_MODEL);
  const charts: Content[] = shown.map(([title, pts]) => ({ width: 250, stack: [{ text: runs(title), style: 'caption' }, { svg: seriesSvg(pts, 250, 90), width: 250 }] }));
  const rows: Content[] = [];
  for (let i = 0; i < charts.length; i += 2) rows.push({ columns: charts.slice(i, i + 2), columnGap: 12, margin: [0, 0, 0, 6], unbreakable: true });
  return [
    r.imports.length
      ? table([110, 58, 40, 82, '*'], ['File', 'Format', 'Values', 'Imported', 'SHA-256'], r.imports.map((i) => [cell(i.fileName), cell(i.format), cell(i.rows), cell(`${day(i.at)} ${i.importedBy}`), { text: i.sha256.slice(0, 16) + '…', font: 'Light' }]), { title: 'Monitoring evidence' })
      : keep(h2('Monitoring evidence'), note('No monitoring export imported.')),
    ...rows,
    ...(groups.size > shown.length ? [note(`${groups.size - shown.length} more series not drawn; thresholds dashed, alerts in red.`)] : shown.length ? [note('Thresholds dashed, alert points in red.')] : []),
    r.findings.length
      ? table([60, '*', 56, 30, 64, 58, 56], ['Risk', 'Finding', 'Metric', 'Sev.', 'Owner', 'Due', 'Remediation'], r.findings.map((f) => [cell(categoryLabels[f.category]), cell(`${f.label}${f.kind === 'monitoring' ? ` · ${day(f.windowFrom)} – ${day(f.windowTo)}` : ` (${findingKindLabels[f.kind].toLowerCase()})`}`), cell(f.metric ? `${f.metric}${f.feature ? ` · ${f.feature}` : ''}` : '—'), cell(f.severity), cell(f.owner || '—'), cell(`${f.dueDate ?? '—'}${isOverdue(f, d.request.asOf) ? ' overdue' : ''}`), cell(`${remediationLabels[f.remediation]}${f.status === 'linked' ? ' · evidence' : ''}`)]), { title: 'Findings' })
      : note('No finding.'),
  ];
};

const evidenceLines = (evidence: { name: string; bytes: number; sha256: string }[]): Content[] => evidence.map((e) => ({ text: `${e.name} · ${e.bytes} bytes\n${e.sha256.slice(0, 32)}\n${e.sha256.slice(32)}`, font: 'Light', fontSize: 6.5 }));

/** Each risk's treatment: the actions carrying out a mitigation (tracked work, as they stood then) and the acceptances given. */
const treatment = (d: ReportData, r: ReportModel): Content[] => r.actions.length === 0 && r.acceptances.length === 0 ? [note('No treatment action and no risk acceptance.')] : [
  r.actions.length
    ? table([60, '*', 64, 52, 52, '*'], ['Risk', 'Action', 'Owner', 'Due', 'Status', 'Outcome and evidence (SHA-256)'], r.actions.map((a) => [cell(categoryLabels[a.category]), cell(`${a.title} (planned in v${a.assessmentVersion})`), cell(a.owner), cell(`${a.dueDate ?? '—'}${isActionOverdue(a, d.request.asOf) ? ' overdue' : ''}`), cell(actionStatusLabels[a.status]), { stack: [{ text: a.finishedAt ? `${day(a.finishedAt)} ${a.finishedBy ?? ''}: ${a.note}` : '—' }, ...evidenceLines(a.evidence)] }]), { title: 'Treatment actions' })
    : note('No treatment action.'),
  r.acceptances.length
    ? table([60, 24, 44, 70, 52, 52, 50, '*'], ['Risk', 'Ver.', 'Band', 'Accepted by', 'On', 'Expires', 'Status', 'Justification'], r.acceptances.map((a) => [cell(categoryLabels[a.category]), cell(`v${a.assessmentVersion}`), cell(a.band), cell(`${a.acceptedBy}${d.logins && a.acceptedOs && a.acceptedOs !== d.logins.owner ? ` (${a.acceptedOs})` : ''}`), cell(day(a.acceptedAt)), cell(a.expiresOn), cell(acceptanceStatusLabels[a.status]), cell(a.justification)]), { title: 'Risk acceptances' })
    : note('No risk acceptance.'),
];

const environment = (r: ReportModel): Content[] => {
  const m = r.model;
  const lines = Object.keys(m.productionEnv).length === 0 ? [] : describeDiff(diffEnvironments(m.validatedEnv, m.productionEnv));
  return [
    keep(
      h2('Environment check'),
      note(Object.keys(m.productionEnv).length === 0 ? 'Not deployed: no production environment recorded.' : lines.length === 0 ? 'Production matches the validated environment.' : `Production differs from the validated environment (${lines.length}):`),
      ...(lines.length ? [{ ul: lines.map((l) => ({ text: runs(l) })), fontSize: 8, margin: [0, 0, 0, 6] } as Content] : []),
    ),
  ];
};

const modelSection = (d: ReportData, r: ReportModel, breakBefore: boolean): Content[] => {
  const m = r.model;
  return [
    { ...(h1(`${m.ref} — ${m.name}`, `model-${m.ref}`) as object), ...(breakBefore ? { pageBreak: 'before' } : {}) } as Content,
    fields([
      ['Version', m.version],
      ['Purpose', m.purpose],
      ['Intended use', m.intendedUse],
      ['Restrictions on use', m.restrictions],
      ['Description', m.description],
      ['Business unit / owner', `${m.businessUnit} / ${m.owner}`],
      ['Developers / validator', `${m.developers.join(', ')} / ${m.validator}`],
      ['Lifecycle status', `${m.status}${m.retiredAt ? ` (retired ${day(m.retiredAt)}${m.retirementReason ? `: ${m.retirementReason}` : ''})` : ''}`],
      ['Tier / exposure / usage', `${m.tier} / ${m.exposure} / ${m.usageVolume}`],
      ['Sourcing', m.sourcing === 'vendor' ? `vendor: ${m.vendorName}` : 'in-house'],
      ['EU AI Act class', m.aiActClass],
      ['Maintainers / documentation', `${m.maintainers} / ${m.documentationUrl || '—'}`],
      ['Data sources', m.dataSources.join(', ')],
      ['Tags', m.tags.join(', ')],
      ['Created / updated', `${day(m.createdAt)} / ${day(m.updatedAt)}`],
      ['Rating / next review', `${r.current?.overallResidual?.name ?? 'unassessed'} / ${r.schedule.due ?? '—'} (${r.schedule.reason})`],
    ]),
    ...(r.current ? scores(d, r.current) : [note('No approved assessment at the as-of date: the model is unassessed.')]),
    ...history(d, r),
    ...monitoring(d, r),
    ...treatment(d, r),
    ...environment(r),
  ];
};

const appendix = (d: ReportData): Content[] => [
  h1('Appendix A — Methodology', 'methodology'),
  h2(`Risk matrix: ${d.matrix.name} (version ${d.matrix.version}, ${inForceSince(d)})`),
  {
    columns: [
      { width: 260, svg: matrixSvg(d.matrix, { width: 260, height: 190, axisLabels: true }) },
      { width: '*', stack: [table([80, 60], ['Band', 'Order'], [...d.matrix.bands].sort((a, b) => b.order - a.order).map((b) => [bandCell(b), cell(b.order)]))] },
    ],
    columnGap: 12,
  },
  table([40, 90, '*'], ['Level', 'Probability', 'Description'], d.matrix.probability.map((l, i) => [cell(i + 1), cell(l.label), cell(l.description)])),
  table([40, 90, '*'], ['Level', 'Impact', 'Description'], d.matrix.impact.map((l, i) => [cell(i + 1), cell(l.label), cell(l.description)])),
  note('Score = probability × impact; the band is read from the grid. A model\'s rating is the worst residual band of its current approved assessment.'),
  table([120, '*'], ['Band', 'Review every'], Object.entries(d.policy.intervals).map(([band, months]) => [cell(band), cell(`${months} months`)]), { title: 'Review policy' }),
  note(`Due date = approval date + the interval of the ${d.policy.basis} band; tier caps: ${Object.entries(d.policy.tierCaps).map(([t, c]) => `tier ${t} ${c ? `at most ${c} months` : 'none'}`).join(', ')}; a trigger (new version, change of use, monitoring finding…) brings the review forward; reviews within ${d.policy.horizonDays} days count as upcoming.`),
  table([110, 90, 70, 40, '*', 30], ['Rule', 'Metric (regex)', 'Condition', 'Threshold', 'Risks', 'P'], d.rules.map((r) => [cell(r.label), { text: r.metric, font: 'Light', fontSize: 7 }, cell(r.condition), cell(r.threshold), cell(r.categories.map((c) => categoryLabels[c]).join(', ')), cell(r.probability)]), { title: 'Monitoring rules' }),
  { ...(h1('Appendix B — Audit-trail extract', 'audit') as object), pageBreak: 'before' } as Content,
  note(`Entries about the models in scope and the methodology from ${d.request.from ?? 'one year before the as-of date'} to ${when(d.asOfEnd)}: ${d.auditTotal}${d.auditTotal > d.audit.length ? ` (the last ${d.audit.length} listed)` : ''}. Chain ${d.chain.ok ? 'intact' : 'BROKEN'}; head #${d.chain.headSeq} ${d.chain.head}.`),
  d.audit.length
    ? table([28, 88, 80, 38, 50, '*', 62], ['#', 'When', 'Who', 'Action', 'Entity', 'Id', 'Hash'], d.audit.map((l) => [cell(l.seq), cell(when(l.at)), cell(l.actor), cell(l.action), cell(l.entity), cell(l.entityId), { text: `${l.hash.slice(0, 12)}…`, font: 'Light' }]), { fontSize: 7 })
    : note('No entry in the period.'),
];

export const reportTitle = (d: ReportData): string =>
  d.request.kind === 'model' && d.models[0] ? `Model risk report — ${d.models[0].model.ref} ${d.models[0].model.name}` : `Model risk report — portfolio (${describeScope(d.request)})`;

/**
 * A report is laid out in parts (front matter, chunks of model sections, appendix) so that large
 * portfolios render on both cores with bounded memory; the parts are joined and numbered after.
 */
export type Part = { kind: 'front' } | { kind: 'models'; from: number; to: number } | { kind: 'appendix' };

export const MODELS_PER_PART = 60;

export const reportParts = (d: ReportData): Part[] => {
  const parts: Part[] = [{ kind: 'front' }];
  for (let from = 0; from < d.models.length; from += MODELS_PER_PART) parts.push({ kind: 'models', from, to: Math.min(d.models.length, from + MODELS_PER_PART) });
  parts.push({ kind: 'appendix' });
  return parts;
};

/** Space kept free at the bottom right of every page for the page number stamped after joining. */
export const FOOTER = { y: 22, right: 40, size: 7 } as const;

/**
 * One part as a pdfmake document: pure data in, document out. Dates are pinned to the as-of
 * time, so the same data and as-of date give the same bytes.
 */
export const partDocument = (d: ReportData, part: Part): TDocumentDefinitions => {
  const title = reportTitle(d);
  const pinned = new Date(d.asOfEnd);
  const content: Content[] =
    part.kind === 'front'
      ? [...cover(d, title), ...(d.request.kind === 'model' ? [] : [{ text: '', pageBreak: 'after' } as Content, ...summary(d), { text: '', pageBreak: 'after' } as Content, ...inventory(d)])]
      : part.kind === 'models'
        ? d.models.slice(part.from, part.to).flatMap((r, i) => modelSection(d, r, i > 0))
        : appendix(d);
  return {
    info: { title, author: 'Model Risk Desk', subject: `Model risk report as of ${d.request.asOf}`, creator: 'Model Risk Desk', producer: 'Model Risk Desk (pdfmake)', creationDate: pinned, modDate: pinned },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 44],
    defaultStyle: { font: 'Noto', fontSize: 9, lineHeight: 1.15, color: '#1d2430' },
    styles: {
      brand: { fontSize: 10, bold: true, color: '#2563eb', margin: [0, 120, 0, 6] },
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 18] },
      h1: { fontSize: 14, bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 4] },
      caption: { fontSize: 7.5, bold: true, color: '#4a5568', margin: [0, 2, 0, 2] },
      note: { fontSize: 8, color: '#4a5568', margin: [0, 0, 0, 6] },
    },
    footer: () => ({ text: runs(`Model Risk Desk · ${title} · as of ${d.request.asOf}`), fontSize: FOOTER.size, color: '#6b7280', margin: [40, 14, 120, 0] }),
    content,
  };
};
