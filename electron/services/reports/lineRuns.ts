import { once, rendererClass } from './pdfmakeInternals';

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
type Line = { inlines: Inline[]; id?: unknown; _outline?: unknown; _pageNodeRef?: unknown; getHeight: () => number; getAscenderHeight: () => number };
type Renderer = { pdfDocument: Doc };
type RendererClass = { prototype: { renderLine: (this: Renderer, line: Line, x: number, y: number) => void } };

/** The parts of pdfkit's document and embedded font used to draw a line. */
type Glyphs = [string[], { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[]];
/** `shown`: the text-showing operator of a run without glyph offsets, by text, for this document. */
type Font = { id: string; ascender: number; ref: () => unknown; encode: (text: string) => Glyphs; shown?: Map<string, string | null> };
type Doc = {
  page: { height: number; fonts: Record<string, unknown> };
  _font: Font;
  _fontSize: number;
  opacity: (value: number) => Doc;
  fillColor: (color: unknown) => Doc;
  resolveColor: (color: unknown, fallback: string) => unknown;
  addContent: (op: string) => Doc;
};

/** Anything that makes an inline more than glyphs at a position: such inlines are drawn alone. */
const plain = (i: Inline): boolean =>
  !i.characterSpacing && !i.link && !i.linkToPage && !i.linkToDestination && !i._pageNodeRef && !i.decoration && !i.background && !i.fontFeatures && !i.sup && !i.sub && i.text.indexOf('\n') === -1 && i.text.indexOf('\r') === -1;

/** Closer than any PDF coordinate is written (pdfkit rounds them to 1e-6 pt). */
const EPS = 1e-7;

/** b continues a: same style, placed right after it. */
const continues = (a: Inline, b: Inline): boolean => a.font === b.font && a.fontSize === b.fontSize && a.color === b.color && a.opacity === b.opacity && Math.abs(a.x + a.width - b.x) < EPS;
const joins = (a: Inline, b: Inline): boolean => continues(a, b) && plain(b);

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

/** pdfkit's number format in content streams. */
export const pdfNumber = (n: number): number => {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
};

/**
 * The text-showing operators pdfkit's _fragment writes for plain text at (x, y) in PDF space:
 * glyph runs with their kerning, and a text matrix for each glyph with an offset.
 */
const showGlyphs = ([encoded, positions]: Glyphs, size: number, x: number, y: number, ops: string[]): void => {
  const scale = size / 1000;
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number): void => {
    if (last < cur) {
      const p = positions[cur - 1]!;
      commands.push(`<${encoded.slice(last, cur).join('')}> ${pdfNumber(-(p.xAdvance - p.advanceWidth))}`);
    }
    last = cur;
  };
  const flush = (i: number): void => {
    addSegment(i);
    if (commands.length > 0) {
      ops.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  let i = 0;
  for (; i < positions.length; i++) {
    const pos = positions[i]!;
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      ops.push(`1 0 0 1 ${pdfNumber(x + pos.xOffset * scale)} ${pdfNumber(y + pos.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        ops.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    x += pos.xAdvance * scale;
  }
  flush(i);
};

/** A line pdfmake would draw with nothing but text: no outline entry, destination or page reference. */
const drawsDirectly = (line: Line): boolean => !line._outline && !line._pageNodeRef && (line.id === undefined || line.id === null) && line.inlines.every(plain);

/**
 * A plain line drawn as pdfmake and pdfkit would draw its runs (the same opacity and colour
 * state, glyphs, kerning and positions), with one text object for the line instead of a saved
 * state, transform and text object per word, and without pdfkit re-reading its options per call.
 */
const drawLine = (doc: Doc, line: Line, x: number, y: number): void => {
  const inlines = line.inlines;
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  const ops: string[] = [];
  let opacity: number | undefined;
  let color: unknown;
  let face: Font | undefined;
  let size: number | undefined;
  let open = false;
  for (let i = 0; i < inlines.length; ) {
    // A run: this word and the same-styled words placed right after it.
    const run = inlines[i]!;
    let text = run.text;
    for (i += 1; i < inlines.length && continues(inlines[i - 1]!, inlines[i]!); i += 1) text += inlines[i]!.text;
    if (text.length === 0) continue;
    const font = run.font as Font;
    const runOpacity = typeof run.opacity === 'number' ? run.opacity : 1;
    const runColor = doc.resolveColor(run.color, 'black');
    if (runOpacity !== opacity || runColor !== color) {
      // pdfkit writes these to the stream as it goes: hand it what is pending first.
      if (ops.length) doc.addContent(ops.splice(0).join('\n'));
      if (runOpacity !== opacity) doc.opacity((opacity = runOpacity));
      if (runColor !== color) doc.fillColor((color = runColor));
    }
    if (!open) {
      ops.push('q', `1 0 0 -1 0 ${pdfNumber(doc.page.height)} cm`, 'BT');
      open = true;
    }
    doc.page.fonts[font.id] ??= font.ref();
    if (font !== face || run.fontSize !== size) {
      face = font;
      size = run.fontSize;
      ops.push(`/${font.id} ${pdfNumber(size)} Tf`);
    }
    const ascent = (font.ascender / 1000) * run.fontSize;
    // pdfmake's baseline shift, then pdfkit's flip to PDF space (its default 'top' baseline).
    const top = y + (lineHeight - ascent - descent);
    const px = x + run.x;
    const py = doc.page.height - top - ascent;
    ops.push(`1 0 0 1 ${pdfNumber(px)} ${pdfNumber(py)} Tm`);
    // Without glyph offsets the operator does not depend on where the run is: made once per text.
    const shown = (font.shown ??= new Map<string, string | null>());
    let op = shown.get(text);
    if (op === undefined) {
      const glyphs = font.encode(text);
      const alone: string[] = [];
      if (!glyphs[1].some((p) => p.xOffset || p.yOffset)) showGlyphs(glyphs, run.fontSize, px, py, alone);
      shown.set(text, (op = alone.length ? alone.join('\n') : null));
    }
    if (op) ops.push(op);
    else showGlyphs(font.encode(text), run.fontSize, px, py, ops);
  }
  if (open) ops.push('ET', 'Q');
  if (ops.length) doc.addContent(ops.join('\n'));
  if (face) {
    doc._font = face;
    doc._fontSize = size!;
  }
};

/**
 * pdfmake draws every word of a line with its own pdfkit text call: its own fill colour, opacity,
 * saved state, transform and text object in the page's content stream (its renderer says as much
 * in a TODO). Here a line of plain text is drawn as one text object, with its same-styled words
 * joined into runs: the same glyphs at the same places (pdfkit lays out text word by word either
 * way). Lines with a destination, outline entry or page reference, and words with links or
 * decorations, still go through pdfmake's renderer (with runs joined where they can be).
 */
export const drawLinesAsRuns = once((): void => {
  const R = rendererClass<RendererClass>();
  const original = R.prototype.renderLine;
  R.prototype.renderLine = function renderLine(this: Renderer, line: Line, x: number, y: number): void {
    const inlines = line.inlines;
    if (drawsDirectly(line)) return drawLine(this.pdfDocument, line, x || 0, y || 0);
    const runs = joinRuns(inlines);
    if (runs === inlines) return original.call(this, line, x, y);
    line.inlines = runs;
    try {
      original.call(this, line, x, y);
    } finally {
      line.inlines = inlines;
    }
  };
});
