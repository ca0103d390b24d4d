import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { columns } from './columns';

const label = (id: string): string => String(columns.find((c) => c.id === id || ('accessorKey' in c && c.accessorKey === id))?.header ?? id);
const ids = columns.map((c) => c.id ?? ('accessorKey' in c ? String(c.accessorKey) : ''));

/** Column visibility, as an accessible menu of checkboxes. */
export const ColumnsMenu = ({ visibility, onChange }: { visibility: ColumnVisibilityState; onChange: (v: ColumnVisibilityState) => void }) => (
  <Menu.Root>
    <Menu.Trigger className="btn">Columns ▾</Menu.Trigger>
    <Menu.Portal>
      <Menu.Content className="col-menu" align="end" sideOffset={4}>
        {ids.map((id) => (
          <Menu.CheckboxItem
            key={id}
            className="col-menu-item"
            checked={visibility[id] !== false}
            disabled={id === 'ref'}
            onCheckedChange={(checked) => onChange({ ...visibility, [id]: checked })}
            onSelect={(e) => e.preventDefault()}
          >
            <span className="col-menu-check">
              <Menu.ItemIndicator>✓</Menu.ItemIndicator>
            </span>
            {label(id)}
          </Menu.CheckboxItem>
        ))}
      </Menu.Content>
    </Menu.Portal>
  </Menu.Root>
);
