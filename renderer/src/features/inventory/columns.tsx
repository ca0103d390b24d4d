import {
  columnFilteringFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_equalsString,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_basic,
  tableFeatures,
  type ColumnVisibilityState,
  type FilterFn,
  type SortFn,
  type TableFeatures,
} from '@tanstack/react-table';
import { aiActClasses, envStatuses, exposures, lifecycleStatuses, usageVolumes, type ModelListRow } from '../../../../shared/model';
import { matchesWords, searchFold } from '../../../../shared/text';

/**
 * Natural order ("MDL-9" before "MDL-10"), case-insensitive, by the engine's collator. The
 * collator runs once per distinct value of a column, not once per comparison: the values are
 * ranked when the column is first sorted (or ahead, in idle time, by `prepareSort`) and a sort
 * compares the ranks. Values the collator holds equal share a rank, so ties keep the row order
 * as before. The ranks belong to one data array (an edit replaces it, and the ranks with it).
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
/** What ranking reads of a table: its data and a column's accessor. */
type RankSource = { options: { data: unknown }; getColumn: (id: string) => { accessorFn?: (m: ModelListRow, index: number) => unknown } | undefined };
const ranksByData = new WeakMap<readonly ModelListRow[], Map<string, Int32Array>>();
/** Each row's rank (by data index) in a column's natural order; built once per data array. */
export const naturalRanks = (table: RankSource, id: string): Int32Array => {
  const data = table.options.data as readonly ModelListRow[];
  let byColumn = ranksByData.get(data);
  if (!byColumn) ranksByData.set(data, (byColumn = new Map<string, Int32Array>()));
  let ranks = byColumn.get(id);
  if (ranks) return ranks;
  // The accessor itself, not row.getValue: filling 10,000 rows' value caches cost more than the ranking.
  const accessor = table.getColumn(id)?.accessorFn;
  const values = data.map((m, i) => {
    const v = accessor?.(m, i);
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  });
  const order = [...new Set(values)].sort(collator.compare);
  const rankOf = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && collator.compare(order[i - 1]!, order[i]!) !== 0) rank++;
    rankOf.set(order[i]!, rank);
  }
  ranks = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) ranks[i] = rankOf.get(values[i]!)!;
  byColumn.set(id, ranks);
  return ranks;
};
let lastRanks: { data: unknown; id: string; ranks: Int32Array } | null = null;
const sortFn_natural: SortFn<TableFeatures, ModelListRow> = (a, b, id) => {
  const data = a.table.options.data;
  if (lastRanks?.data !== data || lastRanks.id !== id) lastRanks = { data, id, ranks: naturalRanks(a.table, id) };
  return lastRanks.ranks[a.index]! - lastRanks.ranks[b.index]!;
};

/**
 * Global search: one lower-cased text per row, built once per row object (edits replace the
 * object, so the cache follows), and tested once per row instead of once per cell.
 */
const haystacks = new WeakMap<ModelListRow, string>();
const haystackOf = (m: ModelListRow): string => {
  let h = haystacks.get(m);
  if (h === undefined) {
    h = searchFold([m.ref, m.name, m.version, m.status, m.businessUnit, m.owner, m.validator, m.developers.join(' '), m.exposure, m.usageVolume, m.aiActClass, m.vendorName, m.tags.join(' '), m.envStatus, m.rating?.name ?? 'unassessed', m.work ?? ''].join('\u0001'));
    haystacks.set(m, h);
  }
  return h;
};
/**
 * Runs `count` pieces of work while the window is idle, never starting one past the idle period.
 * Returns the cancel, for a new data set or an unmounted table.
 */
const whenIdle = (count: number, piece: (i: number) => void): (() => void) => {
  if (typeof requestIdleCallback !== 'function') return () => undefined;
  let at = 0;
  let handle = 0;
  const step = (deadline: IdleDeadline): void => {
    while (at < count && deadline.timeRemaining() > 1) piece(at++);
    if (at < count) handle = requestIdleCallback(step);
  };
  handle = requestIdleCallback(step);
  return () => cancelIdleCallback(handle);
};
/**
 * Builds the rows' search texts (250 rows a piece) while the window is idle, so the first search
 * after loading does not build 10,000 of them.
 */
export const prepareSearch = (rows: readonly ModelListRow[]): (() => void) =>
  whenIdle(Math.ceil(rows.length / 250), (p) => {
    for (let i = p * 250; i < Math.min(rows.length, (p + 1) * 250); i++) haystackOf(rows[i]!);
  });
/** Ranks the shown columns that sort in natural order (a column a piece) while the window is idle. */
export const prepareSort = (table: RankSource & { getVisibleLeafColumns: () => { id: string; columnDef: { sortFn?: unknown } }[] }): (() => void) => {
  const ids = table.getVisibleLeafColumns().filter((c) => c.columnDef.sortFn === 'natural').map((c) => c.id);
  return whenIdle(ids.length, (i) => naturalRanks(table, ids[i]!));
};
/** Every word, in any order, ignoring case and accents. */
export const filterFn_search: FilterFn<TableFeatures, ModelListRow> = (row, _columnId, query: string) => matchesWords(haystackOf(row.original), query);
/** The search runs on one column only, since it reads the whole row itself. */
export const searchColumn = 'ref';

/** Ratings sort by severity (band order), unassessed first. */
const sortFn_rating: SortFn<TableFeatures, ModelListRow> = (a, b) => (a.original.rating?.order ?? -1) - (b.original.rating?.order ?? -1);

export const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  filterFns: { includesString: filterFn_includesString, equalsString: filterFn_equalsString, search: filterFn_search },
  sortFns: { natural: sortFn_natural, basic: sortFn_basic, rating: sortFn_rating },
});

/**
 * No column's value is ever undefined (the accessors give '' or a number), so a sort need not
 * read both rows' values on every comparison to look for one.
 */
export const defaultColumn = { sortUndefined: false } as const;

/** Per-column filter control: free text, a choice from a fixed list, or from the values present. */
export type FilterKind = { kind: 'text' } | { kind: 'choice'; options: readonly string[] } | { kind: 'values' };


const helper = createColumnHelper<typeof features, ModelListRow>();
const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

export const columns = helper.columns([
  helper.accessor('ref', { header: 'Ref', size: 96, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor('name', { header: 'Name', size: 250, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor('version', { header: 'Version', size: 80, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor((m) => m.rating?.name ?? 'unassessed', {
    id: 'rating',
    header: 'Rating',
    size: 104,
    sortFn: 'rating',
    filterFn: 'equalsString',
    cell: (c) => {
      const band = c.row.original.rating;
      return band ? (
        <span className="badge badge-plain">
          <span className="swatch" style={{ background: band.color }} aria-hidden="true" />
          {band.name}
        </span>
      ) : (
        <span className="muted">unassessed</span>
      );
    },
  }),
  helper.accessor((m) => m.nextReview ?? '', {
    id: 'nextReview',
    header: 'Next review',
    size: 110,
    sortFn: 'natural',
    filterFn: 'includesString',
    cell: (c) => <span className={`mono nowrap${c.row.original.reviewStatus === 'overdue' ? ' warn' : ''}`} title={c.row.original.reviewStatus}>{c.getValue() || '—'}{c.row.original.reviewStatus === 'overdue' ? ' ⚠' : ''}</span>,
  }),
  helper.accessor((m) => m.openFindings ?? 0, {
    id: 'openFindings',
    header: 'Open findings',
    size: 104,
    sortFn: 'basic',
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() ? <span className="warn">{c.getValue()}</span> : <span className="muted">0</span>),
  }),
  helper.accessor((m) => m.work ?? '', {
    id: 'work',
    header: 'Assessment',
    size: 104,
    sortFn: 'natural',
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() ? <span className={`badge${c.getValue() === 'rejected' ? ' badge-warn' : ''}`}>{c.getValue()}</span> : <span className="muted">—</span>),
  }),
  helper.accessor('status', {
    header: 'Status',
    sortFn: 'natural',
    size: 118,
    filterFn: 'equalsString',
    cell: (c) => <span className={`badge status-${c.getValue()}`}>{c.getValue()}</span>,
  }),
  helper.accessor((m) => String(m.tier), { id: 'tier', sortFn: 'natural', header: 'Tier', size: 72, filterFn: 'equalsString' }),
  helper.accessor('businessUnit', { header: 'Business unit', size: 170, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor('owner', { header: 'Owner', size: 140, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor('validator', { header: 'Validator', size: 140, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor((m) => m.developers.join(', '), { id: 'developers', sortFn: 'natural', header: 'Developers', size: 200, filterFn: 'includesString' }),
  helper.accessor('exposure', { sortFn: 'natural', header: 'Exposure', size: 124, filterFn: 'equalsString' }),
  helper.accessor('usageVolume', { sortFn: 'natural', header: 'Usage', size: 84, filterFn: 'equalsString' }),
  helper.accessor('aiActClass', { sortFn: 'natural', header: 'EU AI Act', size: 96, filterFn: 'equalsString' }),
  helper.accessor((m) => (m.sourcing === 'vendor' ? m.vendorName : 'in-house'), { id: 'sourcing', header: 'Vendor', size: 120, sortFn: 'natural', filterFn: 'includesString' }),
  helper.accessor('maintainers', {
    header: 'Maintainers',
    size: 96,
    sortFn: 'basic',
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() < 2 ? <span className="warn" title="Skills-loss risk: fewer than two people can maintain it">{c.getValue()} ⚠</span> : c.getValue()),
  }),
  helper.accessor('envStatus', {
    sortFn: 'natural',
    header: 'Environment',
    size: 110,
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() === 'drift' ? <span className="warn">drift ⚠</span> : <span className="muted">{c.getValue()}</span>),
  }),
  helper.accessor((m) => m.tags.join(' '), {
    sortFn: 'natural',
    id: 'tags',
    header: 'Tags',
    size: 170,
    filterFn: 'includesString',
    cell: (c) => c.row.original.tags.map((t) => <span key={t} className="tag">{t}</span>),
  }),
  helper.accessor((m) => day(m.updatedAt), { id: 'updatedAt', header: 'Updated', size: 96, sortFn: 'natural', filterFn: 'includesString', cell: (c) => <span className="nowrap">{c.getValue()}</span> }),
  helper.accessor((m) => day(m.createdAt), { id: 'createdAt', header: 'Created', size: 96, sortFn: 'natural', filterFn: 'includesString', cell: (c) => <span className="nowrap">{c.getValue()}</span> }),
]);

export const filterKinds: Record<string, FilterKind> = {
  rating: { kind: 'values' },
  status: { kind: 'choice', options: lifecycleStatuses },
  tier: { kind: 'choice', options: ['1', '2', '3'] },
  exposure: { kind: 'choice', options: exposures },
  usageVolume: { kind: 'choice', options: usageVolumes },
  aiActClass: { kind: 'choice', options: aiActClasses },
  maintainers: { kind: 'choice', options: ['0', '1', '2', '3', '4', '5'] },
  envStatus: { kind: 'choice', options: envStatuses },
  openFindings: { kind: 'values' },
  work: { kind: 'choice', options: ['draft', 'submitted', 'rejected'] },
};

export const defaultVisibility: ColumnVisibilityState = { validator: false, developers: false, usageVolume: false, createdAt: false, sourcing: false };
