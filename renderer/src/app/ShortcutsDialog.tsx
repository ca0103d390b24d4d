import { Dialog } from '../components/Dialog';
import { hostKind } from '../api/transport';
import { SHORTCUTS } from './shortcuts';

const isMac = navigator.platform.toLowerCase().includes('mac');
const show = (k: string): string => k.replace('Mod', isMac ? '⌘' : 'Ctrl');

export const ShortcutsDialog = ({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) => (
  <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" variant="small"
    description={hostKind === 'browser' ? 'In a browser tab, the single-key shortcuts work everywhere; some Ctrl shortcuts belong to the browser.' : undefined}>
    <table style={{ width: '100%' }}>
      <tbody>
        {SHORTCUTS.map((s) => (
          <tr key={s.command}>
            <td>{s.label}</td>
            <td style={{ textAlign: 'right' }}>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' or ' : ''}
                  <kbd>{show(k)}</kbd>
                </span>
              ))}
            </td>
          </tr>
        ))}
        <tr>
          <td>Close a dialog</td>
          <td style={{ textAlign: 'right' }}>
            <kbd>Esc</kbd>
          </td>
        </tr>
      </tbody>
    </table>
  </Dialog>
);
