import { useCallback, useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'mrd.theme';
const media = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

const resolve = (choice: ThemeChoice): 'light' | 'dark' => (choice === 'system' ? (media().matches ? 'dark' : 'light') : choice);

export const readThemeChoice = (): ThemeChoice => {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
};

/** Sets data-theme before React renders, so the first paint has the right colours. */
export const applyTheme = (choice: ThemeChoice): void => {
  document.documentElement.dataset.theme = resolve(choice);
};

/** Follows the OS unless the user picked a theme; the choice is kept per machine. */
export const useTheme = (): { choice: ThemeChoice; resolved: 'light' | 'dark'; setChoice: (c: ThemeChoice) => void; toggle: () => void } => {
  const [choice, setChoiceState] = useState<ThemeChoice>(readThemeChoice);
  const [systemDark, setSystemDark] = useState(() => media().matches);
  useEffect(() => {
    const m = media();
    const onChange = (): void => setSystemDark(m.matches);
    m.addEventListener('change', onChange);
    return () => m.removeEventListener('change', onChange);
  }, []);
  const resolved = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  const setChoice = useCallback((c: ThemeChoice) => {
    if (c === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, c);
    setChoiceState(c);
  }, []);
  const toggle = useCallback(() => setChoice(resolved === 'dark' ? 'light' : 'dark'), [resolved, setChoice]);
  return { choice, resolved, setChoice, toggle };
};
