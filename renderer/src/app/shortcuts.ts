import { useEffect, useRef } from 'react';
import type { AppCommand } from '../../../shared/contract';

export type Shortcut = { command: AppCommand | 'help'; keys: string[]; label: string };

/**
 * One table for both hosts. Browsers keep Ctrl+N and Ctrl+1 for themselves, so every command
 * also has a plain key that works when no text field has focus.
 */
export const SHORTCUTS: Shortcut[] = [
  { command: 'new-model', keys: ['Mod+N', 'N'], label: 'New model' },
  { command: 'focus-search', keys: ['Mod+F', '/'], label: 'Search the inventory' },
  { command: 'go-work', keys: ['G W'], label: 'Go to My work' },
  { command: 'go-dashboard', keys: ['G D'], label: 'Go to Dashboard' },
  { command: 'go-inventory', keys: ['Mod+1', 'G I'], label: 'Go to Inventory' },
  { command: 'go-reviews', keys: ['G R'], label: 'Go to Reviews' },
  { command: 'go-findings', keys: ['G F'], label: 'Go to Findings' },
  { command: 'go-audit', keys: ['G A'], label: 'Go to Audit log' },
  { command: 'go-reports', keys: ['G P'], label: 'Go to Reports (PDF)' },
  { command: 'go-settings', keys: ['Mod+,', 'G S'], label: 'Go to Settings' },
  { command: 'save', keys: ['Mod+S'], label: 'Save the assessment draft' },
  { command: 'toggle-theme', keys: ['Mod+Shift+L'], label: 'Switch light / dark theme' },
  { command: 'help', keys: ['?'], label: 'Show keyboard shortcuts' },
];

const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

const comboOf = (e: KeyboardEvent): string => {
  const parts = [];
  if (e.ctrlKey || e.metaKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey && e.key.length > 1) parts.push('Shift');
  if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.length === 1) parts.push('Shift');
  parts.push(e.key.length === 1 ? e.key.toUpperCase() : e.key);
  return parts.join('+');
};

/** Calls `run` for a matching shortcut; `G I`-style sequences wait one second for their second key. */
export const useShortcuts = (run: (command: Shortcut['command']) => void, enabled: boolean): void => {
  const pending = useRef<{ key: string; at: number } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      const combo = comboOf(e);
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      if (plain && isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]') && plain) return;
      const previous = pending.current && Date.now() - pending.current.at < 1000 ? pending.current.key : null;
      pending.current = plain ? { key: combo, at: Date.now() } : null;
      const candidates = previous ? [`${previous} ${combo}`, combo] : [combo];
      const hit = SHORTCUTS.find((s) => candidates.some((c) => s.keys.includes(c)));
      if (!hit) return;
      e.preventDefault();
      pending.current = null;
      run(hit.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, enabled]);
};
