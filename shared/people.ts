import { z } from 'zod';
import { unsafeCharacter, describeUnsafe } from './text';

/**
 * Who acts. On one computer a person is a local profile: a record with a stable id, a display
 * name (self-declared) and a role. People are told apart by id, and names are compared by their
 * key (below), never as typed.
 */
export type Person = {
  id: number;
  name: string;
  role: 'risk_officer' | 'review_lead' | 'auditor';
  createdAt: string;
  osUser: string;
  /** On a team database: the PostgreSQL login this person signs in with, and whether it is disabled. */
  login?: string;
  disabled?: boolean;
};

/** Who an audit entry names: a person (id), or one of the app's own actors (id null); and the OS account. */
export type Actor = { name: string; id: number | null; os: string };

/** Names the app acts under itself; no person may take one (compared by key). */
export const SYSTEM_ACTORS = { system: 'system', watcher: 'Watched folder', pipeline: 'Monitoring pipeline' } as const;
const RESERVED = ['system', 'Watched folder', 'Monitoring pipeline', 'Model Risk Desk', 'admin', 'administrator', 'root'];

// Letters other scripts draw like Latin ones (Unicode's confusables, the common cases): a name
// that differs from another only by these is the same name to a reader.
const LOOK_ALIKE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  ı: 'i', ℓ: 'l', '0': 'o', '1': 'l', '|': 'l',
};

/**
 * The key two names are compared by: NFKC (so full-width, ligature and compatibility forms fold),
 * lower case, look-alike letters of other scripts mapped to Latin, runs of spaces collapsed.
 * "Dana Validator", "dana  validator" and "Dаna Validator" (a Cyrillic а) have one key.
 */
export const nameKey = (name: string): string =>
  [...name.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ')].map((c) => LOOK_ALIKE[c] ?? c).join('');

const scriptOf = (c: string): string | null =>
  /\p{Script=Latin}/u.test(c) ? 'Latin' : /\p{Script=Cyrillic}/u.test(c) ? 'Cyrillic' : /\p{Script=Greek}/u.test(c) ? 'Greek' : /\p{Script=Armenian}/u.test(c) ? 'Armenian' : /\p{Script=Cherokee}/u.test(c) ? 'Cherokee' : null;

/** What is wrong with a person's name, or null. Names are one line, visible, in one alphabet. */
export const personNameProblem = (name: string): string | null => {
  const unsafe = unsafeCharacter(name);
  if (unsafe) return `the name ${describeUnsafe(unsafe)}`;
  if (/[\n\r\t]/.test(name)) return 'the name must be a single line';
  // Joiners and variation selectors change nothing a reader sees in a name.
  // eslint-disable-next-line no-misleading-character-class -- joiners and selectors are what is looked for
  const hidden = /[\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.exec(name);
  if (hidden) return `the name holds an invisible joiner or variation selector (U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); retype it without`;
  if (!/\p{L}/u.test(name)) return 'the name needs letters';
  // Latin, Cyrillic and Greek letters look alike: one name mixing them is a disguise, not a name.
  const scripts = new Set([...name].map(scriptOf).filter((s): s is string => s !== null));
  if (scripts.size > 1) return `the name mixes the ${[...scripts].join(' and ')} alphabets, whose letters look alike; write it in one`;
  if (RESERVED.some((r) => nameKey(r) === nameKey(name))) return `"${name.trim()}" is a name the app uses for itself`;
  return null;
};

/** A person's name as typed: trimmed, NFC, and free of every problem above. */
export const personNameSchema = z
  .string()
  .trim()
  .min(2, 'name needs at least 2 characters')
  .max(80, 'name is at most 80 characters')
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' '))
  .superRefine((s, ctx) => {
    const problem = personNameProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Two names for one person? (ids are compared first where there are any.) */
export const sameName = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && nameKey(a) === nameKey(b);
