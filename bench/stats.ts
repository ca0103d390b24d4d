/** The bench's arithmetic, apart from figures.ts so that a bench process measuring its own memory loads nothing else. */
export const round = (x: number): number => Math.round(x * 100) / 100;
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? Number.NaN;
