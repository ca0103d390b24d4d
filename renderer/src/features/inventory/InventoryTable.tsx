import { useTable, type ColumnFiltersState, type ColumnVisibilityState, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ModelListRow } from '../../../../shared/model';
import { columns, defaultColumn, features, filterKinds, prepareSearch, prepareSort, searchColumn } from './columns';

export type TableView = {
  sorting: SortingState;
  columnFilters: ColumnFiltersState;
  globalFilter: string;
  columnVisibility: ColumnVisibilityState;
};

type Props = {
  data: ModelListRow[];
  view: TableView;
  onViewChange: (update: Partial<TableView>) => void;
  onOpen: (ref: string) => void;
  onCount: (shown: number) => void;
};

const ROW_HEIGHT = 32;
const apply = <T,>(updater: T | ((old: T) => T), old: T): T => (typeof updater === 'function' ? (updater as (o: T) => T)(old) : updater);

/** Sorting, per-column filters, global search and column visibility over virtualized rows. */
export const InventoryTable = ({ data, view, onViewChange, onOpen, onCount }: Props) => {
  const table = useTable({
    features,
    columns,
    defaultColumn,
    data,
    getRowId: (m) => m.ref,
    state: view,
    onSortingChange: (u) => onViewChange({ sorting: apply(u, view.sorting) }),
    onColumnFiltersChange: (u) => onViewChange({ columnFilters: apply(u, view.columnFilters) }),
    onGlobalFilterChange: (u) => onViewChange({ globalFilter: String(apply(u, view.globalFilter) ?? '') }),
    onColumnVisibilityChange: (u) => onViewChange({ columnVisibility: apply(u, view.columnVisibility) }),
    globalFilterFn: 'search',
    getColumnCanGlobalFilter: (c) => c.id === searchColumn,
    enableSortingRemoval: true,
  });
  const rows = table.getRowModel().rows;
  useEffect(() => onCount(rows.length), [rows.length, onCount]);
  useEffect(() => prepareSearch(data), [data]);
  useEffect(() => prepareSort(table), [data, table]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 12,
  });

  // Marks the first paint of rows, for `npm run bench` (a performance entry; no effect on use).
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || rows.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark('mrd:inventory-painted'));
  }, [rows.length]);

  // The ref answers keys pressed faster than React re-renders (held arrow keys, scripted input).
  const [active, setActiveState] = useState(0);
  const activeRef = useRef(0);
  const setActive = useCallback((i: number) => {
    activeRef.current = i;
    setActiveState(i);
  }, []);
  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, index));
      setActive(i);
      virtualizer.scrollToIndex(i, { align: 'auto' });
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`)?.focus());
    },
    [rows.length, virtualizer, setActive],
  );
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const at = activeRef.current;
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: rows.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    } else if (e.key === 'Enter') {
      const row = rows[activeRef.current];
      if (row) onOpen(row.original.ref);
    }
  };

  const visible = table.getVisibleLeafColumns();
  const distinctValues = (columnId: string): string[] =>
    [...new Set(table.getCoreRowModel().rows.map((r) => String(r.getValue(columnId))))].sort((a, b) => a.localeCompare(b));
  const width = visible.reduce((s, c) => s + c.getSize(), 0);

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="inv-table" style={{ width }} aria-label="Model inventory" aria-rowcount={rows.length + 2}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="inv-head">
              {group.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} style={{ width: h.getSize() }} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                    <button className="th-sort" onClick={h.column.getToggleSortingHandler()} title="Sort (Shift-click to sort by several columns)">
                      <table.FlexRender header={h} />
                      <span aria-hidden="true" className="sort-mark">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
          <tr className="inv-filters">
            {visible.map((c) => {
              const declared = filterKinds[c.id] ?? { kind: 'text' as const };
              const kind = declared.kind === 'values' ? { kind: 'choice' as const, options: distinctValues(c.id) } : declared;
              const label = `Filter ${String(c.columnDef.header)}`;
              const value = (c.getFilterValue() as string | undefined) ?? '';
              return (
                <th key={c.id} style={{ width: c.getSize() }}>
                  {kind.kind === 'choice' ? (
                    <select className="select filter" aria-label={label} value={value} onChange={(e) => c.setFilterValue(e.target.value || undefined)}>
                      <option value="">All</option>
                      {kind.options.map((o) => (
                        <option key={o} value={o}>{o}</option>
                      ))}
                    </select>
                  ) : (
                    <input className="input filter" aria-label={label} placeholder="Filter…" value={value} onChange={(e) => c.setFilterValue(e.target.value || undefined)} />
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 3}
                tabIndex={item.index === active ? 0 : -1}
                className={row.original.status === 'retired' ? 'inv-row retired' : 'inv-row'}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setActive(item.index);
                  onOpen(row.original.ref);
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} style={{ width: cell.column.getSize() }}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && data.length > 0 ? (
        <div className="empty">
          <strong>No model matches</strong>
          Clear the search or the column filters to see the whole inventory.
        </div>
      ) : null}
    </div>
  );
};
