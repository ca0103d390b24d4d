import { z } from 'zod';

/** The 5 × 5 default and any regulator-mandated size from 3 × 3 to 6 × 6. */
export const MIN_LEVELS = 3;
export const MAX_LEVELS = 6;

const level = z.object({
  label: z.string().trim().min(1, 'label is required').max(40),
  description: z.string().max(400),
});

const band = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'band id must be lower_snake_case'),
  name: z.string().trim().min(1).max(40),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb'),
  order: z.number().int().min(0),
});

export const matrixDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    probability: z.array(level).min(MIN_LEVELS).max(MAX_LEVELS),
    impact: z.array(level).min(MIN_LEVELS).max(MAX_LEVELS),
    bands: z.array(band).min(1).max(8),
    /** grid[p][i] = band id, p and i 0-based from the lowest level. */
    grid: z.array(z.array(z.string())),
  })
  .superRefine((m, ctx) => {
    for (const issue of gridProblems(m)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type MatrixLevel = z.infer<typeof level>;
export type Band = z.infer<typeof band>;
export type MatrixDefinition = z.infer<typeof matrixDefinitionSchema>;
export type RiskMatrix = MatrixDefinition & { version: number; createdAt: string };

const gridProblems = (m: {
  probability: unknown[];
  impact: unknown[];
  bands: Band[];
  grid: string[][];
}): { path: (string | number)[]; message: string }[] => {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set(m.bands.map((b) => b.id));
  if (ids.size !== m.bands.length) problems.push({ path: ['bands'], message: 'band ids must be unique' });
  if (m.grid.length !== m.probability.length)
    problems.push({ path: ['grid'], message: `grid needs ${m.probability.length} rows, one per probability level` });
  m.grid.forEach((row, p) => {
    if (row.length !== m.impact.length)
      problems.push({ path: ['grid', p], message: `row ${p + 1} needs ${m.impact.length} cells, one per impact level` });
    row.forEach((id, i) => {
      if (!ids.has(id)) problems.push({ path: ['grid', p, i], message: `unknown band "${id}"` });
    });
  });
  return problems;
};

/** A level is 1-based, as risk officers say it: "probability 4 of 5". */
export const isLevel = (value: number, levels: number): boolean =>
  Number.isInteger(value) && value >= 1 && value <= levels;

export const assertLevel = (value: number, levels: number, what: string): void => {
  if (!isLevel(value, levels)) throw new RangeError(`${what} must be a whole number from 1 to ${levels}, got ${value}`);
};

export const score = (probability: number, impact: number): number => probability * impact;

export const bandOf = (matrix: Pick<MatrixDefinition, 'probability' | 'impact' | 'bands' | 'grid'>, probability: number, impact: number): Band => {
  assertLevel(probability, matrix.probability.length, 'probability');
  assertLevel(impact, matrix.impact.length, 'impact');
  const id = matrix.grid[probability - 1]?.[impact - 1];
  const found = matrix.bands.find((b) => b.id === id);
  if (!found) throw new RangeError(`matrix grid has no band for probability ${probability}, impact ${impact}`);
  return found;
};

/** Orders bands from least to most severe, for "worst band" comparisons. */
export const worstBand = (bands: Band[]): Band | undefined =>
  bands.reduce<Band | undefined>((worst, b) => (!worst || b.order > worst.order ? b : worst), undefined);

/** Builds a grid from score thresholds: each cell gets the band whose range holds P × I. */
export const gridFromScoreRanges = (
  levels: { probability: number; impact: number },
  ranges: { band: string; min: number; max: number }[],
): string[][] =>
  Array.from({ length: levels.probability }, (_, p) =>
    Array.from({ length: levels.impact }, (_, i) => {
      const s = score(p + 1, i + 1);
      const r = ranges.find((x) => s >= x.min && s <= x.max);
      if (!r) throw new RangeError(`no band range covers score ${s}`);
      return r.band;
    }),
  );

export const defaultMatrix = (): MatrixDefinition => ({
  name: 'Default 5 × 5',
  probability: [
    { label: 'Rare', description: 'May occur only in exceptional circumstances (< 5 % a year).' },
    { label: 'Unlikely', description: 'Could occur at some time (5–25 % a year).' },
    { label: 'Possible', description: 'Might occur at some time (25–50 % a year).' },
    { label: 'Likely', description: 'Will probably occur in most circumstances (50–90 % a year).' },
    { label: 'Almost certain', description: 'Is expected to occur (> 90 % a year).' },
  ],
  impact: [
    { label: 'Negligible', description: 'No noticeable effect on customers, finances or compliance.' },
    { label: 'Minor', description: 'Small, contained effect; fixed within normal operations.' },
    { label: 'Moderate', description: 'Noticeable effect on a business process or a group of customers.' },
    { label: 'Major', description: 'Significant financial, customer or regulatory consequences.' },
    { label: 'Severe', description: 'Critical harm: large losses, regulatory breach, public harm.' },
  ],
  bands: [
    { id: 'low', name: 'Low', color: '#2e7d32', order: 0 },
    { id: 'medium', name: 'Medium', color: '#f9a825', order: 1 },
    { id: 'high', name: 'High', color: '#ef6c00', order: 2 },
    { id: 'critical', name: 'Critical', color: '#c62828', order: 3 },
  ],
  grid: gridFromScoreRanges({ probability: 5, impact: 5 }, [
    { band: 'low', min: 1, max: 4 },
    { band: 'medium', min: 5, max: 9 },
    { band: 'high', min: 10, max: 16 },
    { band: 'critical', min: 20, max: 25 },
  ]),
});

/** A 4 × 4 preset, as some regulators mandate. */
export const fourByFourMatrix = (): MatrixDefinition => ({
  name: '4 × 4',
  probability: [
    { label: 'Rare', description: 'Not expected in the next year (< 10 %).' },
    { label: 'Unlikely', description: 'Could happen in the next year (10–40 %).' },
    { label: 'Likely', description: 'Probably happens in the next year (40–80 %).' },
    { label: 'Almost certain', description: 'Expected in the next year (> 80 %).' },
  ],
  impact: [
    { label: 'Minor', description: 'Contained, fixed within normal operations.' },
    { label: 'Moderate', description: 'Noticeable effect on a process or a group of customers.' },
    { label: 'Major', description: 'Significant financial, customer or regulatory consequences.' },
    { label: 'Severe', description: 'Critical harm: large losses, regulatory breach, public harm.' },
  ],
  bands: defaultMatrix().bands,
  grid: gridFromScoreRanges({ probability: 4, impact: 4 }, [
    { band: 'low', min: 1, max: 3 },
    { band: 'medium', min: 4, max: 6 },
    { band: 'high', min: 8, max: 9 },
    { band: 'critical', min: 12, max: 16 },
  ]),
});

export const matrixPresets: { id: string; label: string; make: () => MatrixDefinition }[] = [
  { id: 'default-5x5', label: 'Default 5 × 5 (P × I)', make: defaultMatrix },
  { id: '4x4', label: '4 × 4', make: fourByFourMatrix },
];

/**
 * Changes the number of levels. Existing levels and cells stay; a new level is named "Level n";
 * a new cell takes the band of the nearest existing cell, so the grid stays complete.
 */
export const resizeMatrix = (m: MatrixDefinition, probabilityLevels: number, impactLevels: number): MatrixDefinition => {
  const size = (levels: MatrixLevel[], n: number): MatrixLevel[] =>
    Array.from({ length: n }, (_, k) => levels[k] ?? { label: `Level ${k + 1}`, description: '' });
  const at = (p: number, i: number): string => {
    const row = m.grid[Math.min(p, m.grid.length - 1)] ?? [];
    return row[Math.min(i, row.length - 1)] ?? m.bands[0]?.id ?? '';
  };
  return {
    ...m,
    probability: size(m.probability, probabilityLevels),
    impact: size(m.impact, impactLevels),
    grid: Array.from({ length: probabilityLevels }, (_, p) => Array.from({ length: impactLevels }, (_, i) => at(p, i))),
  };
};

/** The same definition with only the fields a matrix file carries, for export and comparison. */
export const definitionOf = (m: MatrixDefinition): MatrixDefinition => ({
  name: m.name,
  probability: m.probability,
  impact: m.impact,
  bands: m.bands,
  grid: m.grid,
});
