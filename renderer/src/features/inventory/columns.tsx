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
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { aiActClasses, environmentDrift, exposures, lifecycleStatuses, usageVolumes, type Model } from '../../../../shared/model';

export const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  filterFns: { includesString: filterFn_includesString, equalsString: filterFn_equalsString },
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
});

/** Per-column filter control: free text, or a choice from a fixed list. */
export type FilterKind = { kind: 'text' } | { kind: 'choice'; options: readonly string[] };

const helper = createColumnHelper<typeof features, Model>();
const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

export const envStatus = (m: Model): string =>
  Object.keys(m.productionEnv).length === 0 ? 'not deployed' : environmentDrift(m.validatedEnv, m.productionEnv).length > 0 ? 'drift' : 'matches';

export const columns = helper.columns([
  helper.accessor('ref', { header: 'Ref', size: 96, sortFn: 'alphanumeric', filterFn: 'includesString' }),
  helper.accessor('name', { header: 'Name', size: 250, sortFn: 'text', filterFn: 'includesString' }),
  helper.accessor('version', { header: 'Version', size: 80, sortFn: 'alphanumeric', filterFn: 'includesString' }),
  helper.accessor('status', {
    header: 'Status',
    size: 118,
    filterFn: 'equalsString',
    cell: (c) => <span className={`badge status-${c.getValue()}`}>{c.getValue()}</span>,
  }),
  helper.accessor((m) => String(m.tier), { id: 'tier', header: 'Tier', size: 60, filterFn: 'equalsString' }),
  helper.accessor('businessUnit', { header: 'Business unit', size: 170, sortFn: 'text', filterFn: 'includesString' }),
  helper.accessor('owner', { header: 'Owner', size: 140, sortFn: 'text', filterFn: 'includesString' }),
  helper.accessor('validator', { header: 'Validator', size: 140, sortFn: 'text', filterFn: 'includesString' }),
  helper.accessor((m) => m.developers.join(', '), { id: 'developers', header: 'Developers', size: 200, filterFn: 'includesString' }),
  helper.accessor('exposure', { header: 'Exposure', size: 124, filterFn: 'equalsString' }),
  helper.accessor('usageVolume', { header: 'Usage', size: 84, filterFn: 'equalsString' }),
  helper.accessor('aiActClass', { header: 'EU AI Act', size: 96, filterFn: 'equalsString' }),
  helper.accessor((m) => (m.sourcing === 'vendor' ? m.vendorName : 'in-house'), { id: 'sourcing', header: 'Vendor', size: 120, sortFn: 'text', filterFn: 'includesString' }),
  helper.accessor('maintainers', {
    header: 'Maintainers',
    size: 96,
    sortFn: 'basic',
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() < 2 ? <span className="warn" title="Skills-loss risk: fewer than two people can maintain it">{c.getValue()} ⚠</span> : c.getValue()),
  }),
  helper.accessor(envStatus, {
    id: 'environment',
    header: 'Environment',
    size: 110,
    filterFn: 'equalsString',
    cell: (c) => (c.getValue() === 'drift' ? <span className="warn">drift ⚠</span> : <span className="muted">{c.getValue()}</span>),
  }),
  helper.accessor((m) => m.tags.join(' '), {
    id: 'tags',
    header: 'Tags',
    size: 170,
    filterFn: 'includesString',
    cell: (c) => c.row.original.tags.map((t) => <span key={t} className="tag">{t}</span>),
  }),
  helper.accessor((m) => day(m.updatedAt), { id: 'updatedAt', header: 'Updated', size: 96, sortFn: 'alphanumeric', filterFn: 'includesString' }),
  helper.accessor((m) => day(m.createdAt), { id: 'createdAt', header: 'Created', size: 96, sortFn: 'alphanumeric', filterFn: 'includesString' }),
]);

export const filterKinds: Record<string, FilterKind> = {
  status: { kind: 'choice', options: lifecycleStatuses },
  tier: { kind: 'choice', options: ['1', '2', '3'] },
  exposure: { kind: 'choice', options: exposures },
  usageVolume: { kind: 'choice', options: usageVolumes },
  aiActClass: { kind: 'choice', options: aiActClasses },
  maintainers: { kind: 'choice', options: ['0', '1', '2', '3', '4', '5'] },
  environment: { kind: 'choice', options: ['matches', 'drift', 'not deployed'] },
};

export const defaultVisibility: ColumnVisibilityState = { validator: false, developers: false, usageVolume: false, createdAt: false, sourcing: false };
