import { rendererClass } from './pdfmakeInternals';

/** The parts of a laid-out pdfmake inline (one word, as its line breaker cut the text) used here. */
export type Inline = {
  text: string;
  x: number;
  width: number;
  font: object;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  [key: string]: unknown;
};
type Line = { inlines: Inline[] };
type RendererClass = { prototype: { renderLine: (this: unknown, line: Line, x: number, y: number) => void } };

/** Anything that makes an inline more than glyphs at a position: such inlines are drawn alone. */
const SPECIAL = ['link', 'linkToPage', 'linkToDestination', '_pageNodeRef', 'decoration', 'background', 'fontFeatures', 'sup', 'sub'] as const;
const plain = (i: Inline): boolean => !i.characterSpacing && !SPECIAL.some((k) => i[k]) && !/[\n\r]/.test(i.text);

/** Closer than any PDF coordinate is written (pdfkit rounds to 1e-5 pt). */
const EPS = 1e-7;

const joins = (a: Inline, b: Inline): boolean =>
  a.font === b.font && a.fontSize === b.fontSize && a.color === b.color && a.opacity === b.opacity && Math.abs(a.x + a.width - b.x) < EPS && plain(b);

/**
 * A line's inlines with each run of same-styled words that follow each other (no justification
 * gap, no link or decoration) made one inline. Returns the same array when nothing joins.
 */
export const joinRuns = (inlines: Inline[]): Inline[] => {
  if (inlines.length < 2) return inlines;
  const out: Inline[] = [];
  let owned = false; // out's last inline is a copy made here, not one of pdfmake's
  let changed = false;
  for (const cur of inlines) {
    const last = out[out.length - 1];
    if (last && plain(last) && joins(last, cur)) {
      const run = owned ? last : { ...last };
      run.text += cur.text;
      run.width = cur.x + cur.width - run.x;
      out[out.length - 1] = run;
      owned = true;
      changed = true;
    } else {
      out.push(cur);
      owned = false;
    }
  }
  return changed ? out : inlines;
};

let installed = false;

/**
 * pdfmake draws every word of a line with its own pdfkit text call: its own fill colour, opacity,
 * font and text object in the page's content stream (its renderer says as much in a TODO). A line
 * of same-styled words placed one after the other is drawn here with one call: the same glyphs
 * at the same places (pdfkit lays out text word by word either way), a fraction of the work.
 */
export const drawLinesAsRuns = (): void => {
  if (installed) return;
  installed = true;
  const R = rendererClass<RendererClass>();
  const original = R.prototype.renderLine;
  R.prototype.renderLine = function renderLine(line: Line, x: number, y: number): void {
    const inlines = line.inlines;
    const runs = joinRuns(inlines);
    if (runs === inlines) return original.call(this, line, x, y);
    line.inlines = runs;
    try {
      original.call(this, line, x, y);
    } finally {
      line.inlines = inlines;
    }
  };
};
