/** `package -> version`. */
export type Env = Record<string, string>;

/**
 * Reads an environment as people paste it: pip freeze / requirements lines (`name==1.2`,
 * `name>=1.2` keeps the version, `name @ file://…` has none), conda lists (`name=1.2=build`),
 * and the app's own `name=1.2, other=3` form. Comments (#), options (-r, --hash) and blank lines
 * are skipped; names are compared case-insensitively with `_` and `-` alike, as pip does.
 */
export const parseEnvironmentText = (text: string): Env => {
  const env: Env = {};
  for (const raw of text.split(/[\n,]/)) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const direct = /^([A-Za-z0-9_.+/@-]+?)\s*@\s*\S+/.exec(line);
    if (direct?.[1]) {
      env[direct[1]] = '';
      continue;
    }
    const m = /^([A-Za-z0-9_.+/@-]+?)(?:\[[^\]]*\])?\s*(===|==|>=|<=|~=|!=|=|>|<)\s*([^=;\s]+)/.exec(line);
    if (m?.[1] && m[3]) env[m[1]] = m[3];
    else env[line] = '';
  }
  return env;
};

const normal = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

export type EnvDiff = { added: { name: string; version: string }[]; removed: { name: string; version: string }[]; changed: { name: string; from: string; to: string }[] };

/** What production has that validation did not, what it lacks, and what runs at another version. */
export const diffEnvironments = (validated: Env, production: Env): EnvDiff => {
  const v = new Map(Object.entries(validated).map(([k, x]) => [normal(k), { name: k, version: x }]));
  const p = new Map(Object.entries(production).map(([k, x]) => [normal(k), { name: k, version: x }]));
  const diff: EnvDiff = { added: [], removed: [], changed: [] };
  for (const [key, prod] of p) {
    const val = v.get(key);
    if (!val) diff.added.push(prod);
    else if (val.version !== prod.version) diff.changed.push({ name: val.name, from: val.version, to: prod.version });
  }
  for (const [key, val] of v) if (!p.has(key)) diff.removed.push(val);
  const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  return diff;
};

export const isEmptyDiff = (d: EnvDiff): boolean => d.added.length + d.removed.length + d.changed.length === 0;

export const describeDiff = (d: EnvDiff): string[] => [
  ...d.changed.map((c) => `${c.name}: validated ${c.from || '?'}, production ${c.to || '?'}`),
  ...d.removed.map((r) => `${r.name} ${r.version}: validated, missing in production`),
  ...d.added.map((a) => `${a.name} ${a.version}: in production, not validated`),
];
