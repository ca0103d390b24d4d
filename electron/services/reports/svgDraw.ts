import { pdfNumber } from './lineRuns';
import { once, rendererClass } from './pdfmakeInternals';

/**
 * The charts' SVG (shared/charts/svg.ts) drawn straight into the page, with the operators
 * pdfmake's SVG drawer (its copy of svg-to-pdfkit, MIT) writes for it, byte for byte: the same
 * pdfkit calls with the same numbers, worked out with the same arithmetic in the same order. That
 * drawer parses the SVG into an XML tree, makes an element object with its own style cache for
 * every node, and a segment object with a length table for every path command, to draw a few
 * dozen paths and labels: a fifth of a report's render time. Only the subset the charts write is
 * taken here (root svg, g, path and text, with the attributes below); anything else, or anything
 * unexpected in it, goes to pdfmake's drawer. A test compares the bytes with that drawer's on
 * every chart of a report and on random charts.
 */

/** pdfkit's document and embedded font, the parts used here. */
type Glyphs = [string[], { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[]];
type Font = { id: string; ref: () => unknown; encode: (text: string) => Glyphs; unicode?: number[][] };
type Rgb = [number, number, number];
type Doc = {
  _font: Font;
  _fillColor: unknown;
  page: { fonts: Record<string, unknown> };
  save: () => Doc;
  restore: () => Doc;
  transform: (a: number, b: number, c: number, d: number, e: number, f: number) => Doc;
  addContent: (op: string) => Doc;
  fillColor: (color: Rgb, opacity: number) => Doc;
  strokeColor: (color: Rgb, opacity: number) => Doc;
  strokeOpacity: (opacity: number) => Doc;
  lineWidth: (w: number) => Doc;
  miterLimit: (m: number) => Doc;
  lineJoin: (j: string) => Doc;
  lineCap: (c: string) => Doc;
  dash: (lengths: number[], options: { phase: number }) => Doc;
  fill: (rule: string) => Doc;
  stroke: () => Doc;
  fillAndStroke: (rule: string) => Doc;
  clip: () => Doc;
  font: (src: unknown) => Doc;
};
type PdfmakeDoc = Doc & { fonts: Record<string, unknown>; getFontFile: (family: string, bold: boolean, italics: boolean) => unknown; getFontType: (bold: boolean, italics: boolean) => string };
type SvgNode = { svg: unknown; x: number; y: number; _width: number; _height: number; font?: string; options?: unknown; link?: unknown; linkToPage?: unknown; linkToDestination?: unknown };
type Renderer = { pdfDocument: PdfmakeDoc };
type RendererClass = { prototype: { renderSVG: (this: Renderer, svg: SvgNode) => void } };

// ---------------------------------------------------------------------------------------------
// Parsing: the charts' subset, strictly. null means "not ours": pdfmake's drawer takes it.

type Element = { tag: 'g' | 'path' | 'text'; attrs: Map<string, string>; children: Element[]; text: string | null };
type Root = { attrs: Map<string, string>; children: Element[] };

/** The attributes taken per element; any other attribute sends the SVG to pdfmake's drawer. */
const ALLOWED: Record<string, Set<string>> = {
  svg: new Set(['xmlns', 'width', 'height', 'viewBox']),
  g: new Set(['transform']),
  path: new Set(['d', 'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'transform']),
  text: new Set(['x', 'y', 'text-anchor', 'font-size', 'font-weight', 'fill', 'fill-opacity', 'transform']),
};
const OPEN = /<(svg|g|path|text)((?:\s+[a-zA-Z:-]+="[^"<>]*")*)\s*(\/?)>/y;
const CLOSE = /<\/(svg|g|path|text)>/y;
const TEXT = /[^<]+/y;
const ATTRIBUTE = /\s+([a-zA-Z:-]+)="([^"<>]*)"/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** svg-to-pdfkit's entity decoding for the entities the charts write; null for any other. */
const decode = (s: string): string | null => {
  if (s.indexOf('&') === -1) return s;
  let unknown = false;
  const out = s.replace(/&(?:#([0-9]+)|#[xX]([0-9A-Fa-f]+)|([0-9A-Za-z]+));/g, (m: string, dec?: string, hex?: string, name?: string) => {
    if (dec) return String.fromCharCode(parseInt(dec, 10));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    const c = name ? NAMED[name] : undefined;
    if (c === undefined) unknown = true;
    return c ?? m;
  });
  return unknown ? null : out;
};

const attributesOf = (tag: string, raw: string): Map<string, string> | null => {
  const attrs = new Map<string, string>();
  for (const m of raw.matchAll(ATTRIBUTE)) {
    const value = decode(m[2]!);
    if (!ALLOWED[tag]!.has(m[1]!) || attrs.has(m[1]!) || value === null) return null;
    attrs.set(m[1]!, value);
  }
  return attrs;
};

const parseChartSvg = (svg: string): Root | null => {
  let at = 0;
  const open = (): { tag: string; attrs: Map<string, string>; closed: boolean } | null => {
    OPEN.lastIndex = at;
    const m = OPEN.exec(svg);
    if (!m) return null;
    const attrs = attributesOf(m[1]!, m[2]!);
    if (!attrs) return null;
    at = OPEN.lastIndex;
    return { tag: m[1]!, attrs, closed: m[3] === '/' };
  };
  const close = (tag: string): boolean => {
    CLOSE.lastIndex = at;
    const m = CLOSE.exec(svg);
    if (!m || m[1] !== tag) return false;
    at = CLOSE.lastIndex;
    return true;
  };
  // Children of svg and g: elements only. A text: one run of text at most.
  const element = (): Element | null => {
    const o = open();
    if (!o || o.tag === 'svg') return null;
    const el: Element = { tag: o.tag as Element['tag'], attrs: o.attrs, children: [], text: null };
    if (o.closed) return el;
    if (o.tag === 'path') return null; // the charts' paths are empty elements
    if (o.tag === 'text') {
      TEXT.lastIndex = at;
      const t = TEXT.exec(svg);
      if (t) {
        const text = decode(t[0]);
        if (text === null) return null;
        el.text = text;
        at = TEXT.lastIndex;
      }
    } else if (!children(el.children)) return null;
    return close(o.tag) ? el : null;
  };
  const children = (into: Element[]): boolean => {
    while (svg.startsWith('<', at) && !svg.startsWith('</', at)) {
      const el = element();
      if (!el) return false;
      into.push(el);
    }
    return true;
  };
  const root = open();
  if (!root || root.tag !== 'svg' || root.closed) return null;
  const out: Root = { attrs: root.attrs, children: [] };
  if (!children(out.children) || !close('svg') || at !== svg.length) return null;
  return out;
};

// ---------------------------------------------------------------------------------------------
// svg-to-pdfkit's arithmetic (ported with its names where it helps to compare).

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** svg-to-pdfkit's default precision (options.precision unset). */
const PRECISION = 3;

const isEqual = (n: number, ref: number): boolean => Math.abs(n - ref) < 1e-10;
const validateNumber = (n: number): number => (n > -1e21 && n < 1e21 ? Math.round(n * 1e6) / 1e6 : 0);

const multiply = (a: Matrix, b: Matrix): Matrix => [
  a[0] * b[0] + a[2] * b[1],
  a[1] * b[0] + a[3] * b[1],
  a[0] * b[2] + a[2] * b[3],
  a[1] * b[2] + a[3] * b[3],
  a[0] * b[4] + a[2] * b[5] + a[4],
  a[1] * b[4] + a[3] * b[5] + a[5],
];
const multiplyMatrix = (...ms: Matrix[]): Matrix => ms.reduce((r, m) => multiply(r, m));

/** svg-to-pdfkit's StringParser, on a cursor instead of a shrinking string. */
class Scanner {
  at = 0;
  constructor(readonly s: string) {}
  match(re: RegExp): string | null {
    return this.exec(re)?.[0] ?? null;
  }
  exec(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.at;
    const m = re.exec(this.s);
    if (m) this.at = re.lastIndex;
    return m;
  }
  get rest(): boolean {
    return this.at < this.s.length;
  }
}
const SEPARATOR = /(?:\s*,\s*|\s*|)/y;
const NUMBER = /[-+]?(?:[0-9]+[.][0-9]+|[0-9]+[.]|[.][0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?/y;
const FLAG = /[01]/y;
const COMMAND = /[astvzqmhlcASTVZQMHLC]/y;
const FUNCTION = /([A-Za-z]+)\s*[(]([^(]+)[)]/y;
const WHOLE_NUMBER = /^[-+]?(?:[0-9]+[.][0-9]+|[0-9]+[.]|[.][0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** A length as the charts write it (a plain number: no unit, no blanks), or null. */
const plainNumber = (v: string | undefined): number | null => (v !== undefined && WHOLE_NUMBER.test(v) && Number.isFinite(Number(v)) ? Number(v) : null);

/**
 * A list of numbers as svg-to-pdfkit reads one (its number, then an optional comma or blanks, and
 * again), and whether anything was left after it.
 */
const numberList = (s: string): { list: number[]; rest: boolean } => {
  const parser = new Scanner(s.trim());
  const list: number[] = [];
  for (let n = parser.match(NUMBER); n; n = parser.match(NUMBER)) {
    list.push(Number(n));
    parser.match(SEPARATOR);
  }
  return { list, rest: parser.rest };
};

/** svg-to-pdfkit's parseTranform; null where it would give up (pdfmake's drawer then decides). */
const parseTransform = (v: string | undefined): Matrix | null => {
  if (v === undefined) return IDENTITY;
  const parser = new Scanner(v.trim());
  let result: Matrix = [1, 0, 0, 1, 0, 0];
  for (let temp = parser.exec(FUNCTION); temp; temp = parser.exec(FUNCTION)) {
    const func = temp[1]!;
    const nums = numberList(temp[2]!).list;
    const a = (nums[0]! * Math.PI) / 180;
    if (func === 'matrix' && nums.length === 6) result = multiplyMatrix(result, nums as Matrix);
    else if (func === 'translate' && nums.length === 2) result = multiplyMatrix(result, [1, 0, 0, 1, nums[0]!, nums[1]!]);
    else if (func === 'translate' && nums.length === 1) result = multiplyMatrix(result, [1, 0, 0, 1, nums[0]!, 0]);
    else if (func === 'scale' && nums.length === 2) result = multiplyMatrix(result, [nums[0]!, 0, 0, nums[1]!, 0, 0]);
    else if (func === 'scale' && nums.length === 1) result = multiplyMatrix(result, [nums[0]!, 0, 0, nums[0]!, 0, 0]);
    else if (func === 'rotate' && nums.length === 3)
      result = multiplyMatrix(result, [1, 0, 0, 1, nums[1]!, nums[2]!], [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0], [1, 0, 0, 1, -nums[1]!, -nums[2]!]);
    else if (func === 'rotate' && nums.length === 1) result = multiplyMatrix(result, [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0]);
    else return null;
    parser.match(SEPARATOR);
  }
  return parser.rest ? null : result;
};

/** svg-to-pdfkit's parseAspectRatio for an SVG without preserveAspectRatio ("xMidYMid meet"). */
const meet = (availWidth: number, availHeight: number, elemWidth: number, elemHeight: number): Matrix => {
  const scale = Math.min(availWidth / elemWidth, availHeight / elemHeight);
  return [scale, 0, 0, scale, 0.5 * (availWidth - elemWidth * scale), 0.5 * (availHeight - elemHeight * scale)];
};

/** #rgb, #rrggbb or none, as parseColor reads them; null for anything else. */
const colour = (v: string | undefined, initial: Rgb | 'none'): Rgb | 'none' | null => {
  if (v === undefined) return initial;
  if (v === 'none') return 'none';
  let m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  return m ? [0x11 * parseInt(m[1]!, 16), 0x11 * parseInt(m[2]!, 16), 0x11 * parseInt(m[3]!, 16)] : null;
};

/** fill-opacity: parseFloat clamped to [0, 1], 1 when absent; null when not a plain number. */
const opacity = (v: string | undefined): number | null => {
  if (v === undefined) return 1;
  const n = plainNumber(v);
  return n === null ? null : Math.max(0, Math.min(1, n));
};

const BOLD = new Set(['600', '700', '800', '900', 'bold', 'bolder']);
const NORMAL = new Set(['500', '400', '300', '200', '100', 'normal', 'lighter']);

// ---------------------------------------------------------------------------------------------
// Paths: svg-to-pdfkit's SvgShape reduced to what drawing needs. Each subpath (cut at each move)
// is drawn if its length is positive; its operators are written as pdfkit's moveTo, lineTo,
// bezierCurveTo and closePath write them.

const PATH_ARGUMENTS: Record<string, number> = { A: 7, a: 7, C: 6, c: 6, H: 1, h: 1, L: 2, l: 2, M: 2, m: 2, Z: 0, z: 0, V: 1, v: 1 };

/** The length svg-to-pdfkit's BezierSegment finds for a curve (only whether it is positive matters). */
const curveLength = (p1x: number, p1y: number, c1x: number, c1y: number, c2x: number, c2y: number, p2x: number, p2y: number): number => {
  const divisions = 6 * PRECISION;
  const dX = [-3 * p1x + 3 * c1x, 6 * p1x - 12 * c1x + 6 * c2x, -3 * p1x + 9 * c1x - 9 * c2x + 3 * p2x];
  const dY = [-3 * p1y + 3 * c1y, 6 * p1y - 12 * c1y + 6 * c2y, -3 * p1y + 9 * c1y - 9 * c2y + 3 * p2y];
  const value = (t: number, c: number[]): number => (c[0] || 0) + (c[1] || 0) * t + (c[2] || 0) * t * t + (c[3] || 0) * t * t * t;
  let length = 0;
  for (let i = 1; i <= divisions; i++) {
    const t = (i - 0.5) / divisions;
    const dx = value(t, dX) / divisions;
    const dy = value(t, dY) / divisions;
    length = length + Math.sqrt(dx * dx + dy * dy);
  }
  return length;
};

/** A path's drawn subpaths as content operators; null where svg-to-pdfkit would warn. */
const pathOperators = (d: string): string | null => {
  const parser = new Scanner(d.trim());
  const drawn: string[] = [];
  let ops: string[] = [];
  let positive = false;
  let startX = 0;
  let startY = 0;
  let currX = 0;
  let currY = 0;
  const endSubpath = (): void => {
    if (positive) drawn.push(...ops);
    ops = [];
    positive = false;
  };
  // A move starts a subpath (the first one ends nothing: its subpath is still empty).
  const move = (x: number, y: number): void => {
    endSubpath();
    startX = currX = x;
    startY = currY = y;
    ops.push(`${pdfNumber(x)} ${pdfNumber(y)} m`);
  };
  const line = (x: number, y: number): void => {
    positive ||= Math.sqrt((x - currX) * (x - currX) + (y - currY) * (y - currY)) > 0;
    currX = x;
    currY = y;
    ops.push(`${pdfNumber(x)} ${pdfNumber(y)} l`);
  };
  const curve = (c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void => {
    positive ||= curveLength(currX, currY, c1x, c1y, c2x, c2y, x, y) > 0;
    currX = x;
    currY = y;
    ops.push(`${pdfNumber(c1x)} ${pdfNumber(c1y)} ${pdfNumber(c2x)} ${pdfNumber(c2y)} ${pdfNumber(x)} ${pdfNumber(y)} c`);
  };
  const close = (): void => {
    positive ||= Math.sqrt((startX - currX) * (startX - currX) + (startY - currY) * (startY - currY)) > 0;
    currX = startX;
    currY = startY;
    ops.push('h');
  };
  // svg-to-pdfkit's SvgShape.A: an elliptical arc as cubic curves.
  const arc = (rx: number, ry: number, fi: number, fa: number, fs: number, x: number, y: number): void => {
    if (isEqual(rx, 0) || isEqual(ry, 0)) return line(x, y);
    fi = fi * (Math.PI / 180);
    rx = Math.abs(rx);
    ry = Math.abs(ry);
    fa = 1 * Number(!!fa);
    fs = 1 * Number(!!fs);
    const x1 = (Math.cos(fi) * (currX - x)) / 2 + (Math.sin(fi) * (currY - y)) / 2;
    const y1 = (Math.cos(fi) * (currY - y)) / 2 - (Math.sin(fi) * (currX - x)) / 2;
    const lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
    if (lambda > 1) {
      rx *= Math.sqrt(lambda);
      ry *= Math.sqrt(lambda);
    }
    const r = Math.sqrt(Math.max(0, rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1) / (rx * rx * y1 * y1 + ry * ry * x1 * x1));
    const x2 = ((fa === fs ? -1 : 1) * r * rx * y1) / ry;
    const y2 = ((fa === fs ? 1 : -1) * r * ry * x1) / rx;
    const cx = Math.cos(fi) * x2 - Math.sin(fi) * y2 + (currX + x) / 2;
    const cy = Math.sin(fi) * x2 + Math.cos(fi) * y2 + (currY + y) / 2;
    const th1 = Math.atan2((y1 - y2) / ry, (x1 - x2) / rx);
    let th2 = Math.atan2((-y1 - y2) / ry, (-x1 - x2) / rx);
    if (fs === 0 && th2 - th1 > 0) th2 -= 2 * Math.PI;
    else if (fs === 1 && th2 - th1 < 0) th2 += 2 * Math.PI;
    const segms = Math.ceil(Math.abs(th2 - th1) / (Math.PI / PRECISION));
    for (let i = 0; i < segms; i++) {
      const th3 = th1 + (i * (th2 - th1)) / segms;
      const th4 = th1 + ((i + 1) * (th2 - th1)) / segms;
      const t = (4 / 3) * Math.tan((th4 - th3) / 4);
      const c1x = cx + Math.cos(fi) * rx * (Math.cos(th3) - t * Math.sin(th3)) - Math.sin(fi) * ry * (Math.sin(th3) + t * Math.cos(th3));
      const c1y = cy + Math.sin(fi) * rx * (Math.cos(th3) - t * Math.sin(th3)) + Math.cos(fi) * ry * (Math.sin(th3) + t * Math.cos(th3));
      const c2x = cx + Math.cos(fi) * rx * (Math.cos(th4) + t * Math.sin(th4)) - Math.sin(fi) * ry * (Math.sin(th4) - t * Math.cos(th4));
      const c2y = cy + Math.sin(fi) * rx * (Math.cos(th4) + t * Math.sin(th4)) + Math.cos(fi) * ry * (Math.sin(th4) - t * Math.cos(th4));
      const endX = cx + Math.cos(fi) * rx * Math.cos(th4) - Math.sin(fi) * ry * Math.sin(th4);
      const endY = cy + Math.sin(fi) * rx * Math.cos(th4) + Math.cos(fi) * ry * Math.sin(th4);
      curve(c1x, c1y, c2x, c2y, endX, endY);
    }
  };
  const apply = (command: string, v: number[]): void => {
    switch (command) {
      case 'M': return move(v[0]!, v[1]!);
      case 'm': return move(currX + v[0]!, currY + v[1]!);
      case 'L': return line(v[0]!, v[1]!);
      case 'l': return line(currX + v[0]!, currY + v[1]!);
      case 'H': return line(v[0]!, currY);
      case 'h': return line(currX + v[0]!, currY);
      case 'V': return line(currX, v[0]!);
      case 'v': return line(currX, currY + v[0]!);
      case 'C': return curve(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!);
      case 'c': return curve(currX + v[0]!, currY + v[1]!, currX + v[2]!, currY + v[3]!, currX + v[4]!, currY + v[5]!);
      case 'A': return arc(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!, v[6]!);
      case 'a': return arc(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, currX + v[5]!, currY + v[6]!);
      default: return close();
    }
  };
  // A path starts with a move (svg-to-pdfkit would draw from 0,0 otherwise: not the charts').
  if (!/^[Mm]/.test(parser.s)) return null;
  for (let command = parser.match(COMMAND); command; command = parser.match(COMMAND)) {
    if (!(command in PATH_ARGUMENTS)) return null;
    parser.match(SEPARATOR);
    let values: number[] = [];
    const flag = (): boolean => (command === 'A' || command === 'a') && (values.length === 3 || values.length === 4);
    for (let value = flag() ? parser.match(FLAG) : parser.match(NUMBER); value; value = flag() ? parser.match(FLAG) : parser.match(NUMBER)) {
      parser.match(SEPARATOR);
      if (values.length === PATH_ARGUMENTS[command]) {
        apply(command, values);
        values = [];
        if (command === 'M') command = 'L';
        else if (command === 'm') command = 'l';
      }
      if (!Number.isFinite(Number(value))) return null;
      values.push(Number(value));
    }
    if (values.length !== PATH_ARGUMENTS[command]) return null;
    apply(command, values);
  }
  if (parser.rest) return null;
  endSubpath();
  return drawn.join('\n');
};

/**
 * Path operators by path data, within a thread: a report draws the same matrix cells for every
 * model. Bounded: cleared when full.
 */
const pathCache = new Map<string, string | null>();
const cachedPathOperators = (d: string): string | null => {
  let ops = pathCache.get(d);
  if (ops === undefined) {
    if (pathCache.size >= 256) pathCache.clear();
    pathCache.set(d, (ops = pathOperators(d)));
  }
  return ops;
};

// ---------------------------------------------------------------------------------------------
// Drawing, in svg-to-pdfkit's order. All of an SVG is read first (paths, colours, transforms):
// anything not the charts' kind sends it whole to pdfmake's drawer before anything is drawn. A
// text is laid out (its font chosen, its glyphs encoded) when its parent first draws its
// children, all of them before the first is drawn, as svg-to-pdfkit makes its elements: the
// order glyphs are encoded in sets their ids in the font subset.

type Paint = { color: Rgb; opacity: number };
type Shape = { kind: 'path'; transform: Matrix; ops: string; fill: Paint | null; stroke: Paint | null; width: number; dash: number[] };
type Label = { kind: 'text'; transform: Matrix; fill: Paint | null; x: number | undefined; y: number | undefined; size: number; bold: boolean; anchor: 'start' | 'middle' | 'end'; text: string | null };
type Group = { kind: 'g'; transform: Matrix; children: Item[] };
type Item = Shape | Label | Group;
type Glyph = { glyph: string; kern: number; width: number; x: number; y: number; continuous: boolean };

/** fill or stroke with its opacity, as getFill and getStroke give it (opacity is always 1 here). */
const paint = (c: Rgb | 'none', o: number): Paint | null => (c !== 'none' && o ? { color: c, opacity: 1 * o } : null);

/** stroke-dasharray as svg-to-pdfkit reads it: a list of plain numbers, doubled when odd. */
const dashArray = (v: string | undefined): number[] | null => {
  if (v === undefined || v === 'none') return [];
  const { list: parsed, rest } = numberList(v);
  if (rest || parsed.some((x) => !(x >= 0) || !Number.isFinite(x))) return null;
  const sum = parsed.reduce((a, b) => a + b, 0);
  return sum === 0 ? [] : parsed.length % 2 === 1 ? parsed.concat(parsed) : parsed;
};

const ANCHORS = new Set(['start', 'middle', 'end']);

/** A numeric attribute: `absent` when not given, null when not a plain number. */
const numberAttr = <T extends number | undefined>(el: Element, key: string, absent: T): number | T | null => (el.attrs.has(key) ? plainNumber(el.attrs.get(key)) : absent);

/** An element read as the charts write it, or null. */
const read = (el: Element): Item | null => {
  const transform = parseTransform(el.attrs.get('transform'));
  if (!transform) return null;
  if (el.tag === 'g') {
    const children = readAll(el.children);
    return children && { kind: 'g', transform, children };
  }
  const fill = colour(el.attrs.get('fill'), [0, 0, 0]);
  const fillOpacity = opacity(el.attrs.get('fill-opacity'));
  if (fill === null || fillOpacity === null) return null;
  if (el.tag === 'path') {
    const d = el.attrs.get('d');
    const ops = d === undefined ? null : cachedPathOperators(d);
    const stroke = colour(el.attrs.get('stroke'), 'none');
    const width = numberAttr(el, 'stroke-width', 1);
    const dash = dashArray(el.attrs.get('stroke-dasharray'));
    if (ops === null || stroke === null || width === null || width < 0 || dash === null) return null;
    return { kind: 'path', transform, ops, fill: paint(fill, fillOpacity), stroke: isEqual(width, 0) ? null : paint(stroke, 1), width, dash };
  }
  const x = numberAttr(el, 'x', undefined);
  const y = numberAttr(el, 'y', undefined);
  const size = numberAttr(el, 'font-size', 16);
  const weight = el.attrs.get('font-weight') ?? 'normal';
  const anchor = el.attrs.get('text-anchor') ?? 'start';
  if (x === null || y === null || size === null || !(BOLD.has(weight) || NORMAL.has(weight)) || !ANCHORS.has(anchor)) return null;
  return { kind: 'text', transform, fill: paint(fill, fillOpacity), x, y, size, bold: BOLD.has(weight), anchor: anchor as Label['anchor'], text: el.text };
};

const readAll = (children: Element[]): Item[] | null => {
  const out: Item[] = [];
  for (const el of children) {
    const item = read(el);
    if (!item) return null;
    out.push(item);
  }
  return out;
};

type Laid = { font: Font; glyphs: Glyph[] | null };

/**
 * svg-to-pdfkit's text layout for one line at x, y: glyphs from the font's encoder, then moved
 * by the anchor (a new chunk starts wherever an x or y is given, as there).
 */
const layOut = (doc: Doc, t: Label, fontFile: Fonts): Laid => {
  doc.font(fontFile(t.bold));
  const font = doc._font;
  if (t.text === null) return { font, glyphs: null };
  // xml:space default: runs of blanks are one space, none at either end.
  const text = t.text.replace(/[\s]+/g, ' ').replace(/^[\s]/, '').replace(/[\s]$/, '');
  const [hex, pos] = font.encode('' + text);
  const glyphs: Glyph[] = [];
  let currentX = 0;
  let currentY = 0;
  let index = 0;
  let chunk = 0;
  const anchorChunk = (): void => {
    if (chunk < glyphs.length) {
      const first = glyphs[chunk]!;
      const last = glyphs[glyphs.length - 1]!;
      const width = last.x + last.width - first.x;
      const anchordx = { start: 0, middle: 0.5, end: 1 }[t.anchor] * width || 0;
      for (let i = chunk; i < glyphs.length; i++) glyphs[i]!.x -= anchordx;
    }
    chunk = glyphs.length;
  };
  for (let j = 0; j < hex.length; j++) {
    const p = pos[j]!;
    const unicode = font.unicode ? font.unicode[parseInt(hex[j]!, 16)]! : [text.charCodeAt(j)];
    // The element's x and y lists have one entry at most: it applies where the text index is 0.
    const xAttr = index === 0 ? t.x : undefined;
    const yAttr = index === 0 ? t.y : undefined;
    let continuous = j !== 0;
    if (xAttr !== undefined) {
      continuous = false;
      anchorChunk();
      currentX = xAttr;
    }
    if (yAttr !== undefined) {
      continuous = false;
      anchorChunk();
      currentY = yAttr;
    }
    glyphs.push({
      glyph: hex[j]!,
      kern: p.advanceWidth - p.xAdvance,
      width: (p.advanceWidth * t.size) / 1000,
      x: currentX + (p.xOffset * t.size) / 1000,
      y: currentY + 0 + (p.yOffset * t.size) / 1000,
      continuous,
    });
    index += unicode.length;
    currentX += (p.xAdvance * t.size) / 1000 + 0;
    currentY += (p.yAdvance * t.size) / 1000;
  }
  anchorChunk();
  return { font, glyphs };
};

type Fonts = (bold: boolean) => unknown;

/** svg-to-pdfkit's docWriteGlyphs for upright text: a text matrix where a run starts, then TJ. */
const writeGlyphs = (glyphs: Glyph[], ops: string[]): void => {
  let commands: string[] = [];
  let run = '';
  const addChar = (g: Glyph): void => {
    run += g.glyph;
    if (g.kern === 0) return;
    commands.push(`<${run}> ${validateNumber(g.kern)}`);
    run = '';
  };
  const flush = (): void => {
    if (run.length) {
      commands.push(`<${run}> 0`);
      run = '';
    }
    if (commands.length) {
      ops.push(`[${commands.join(' ')}] TJ`);
      commands = [];
    }
  };
  for (const g of glyphs) {
    if (isEqual(g.width, 0)) {
      flush();
      continue;
    }
    if (g.continuous) {
      addChar(g);
      continue;
    }
    flush();
    ops.push(`1 0 0 -1 ${validateNumber(g.x)} ${validateNumber(g.y)} Tm`);
    addChar(g);
  }
  flush();
};

/** docApplyDash: a dash array without zeros, and a non-negative offset. */
const applyDash = (doc: Doc, dash: number[], offset: number): void => {
  let index: number;
  while ((index = dash.slice(1, -1).indexOf(0)) !== -1) {
    const i = index + 1;
    dash = dash.slice(0, i - 1).concat([dash[i - 1]! + dash[i + 1]!]).concat(dash.slice(i + 2));
  }
  if (dash.length === 2) {
    if (dash[0] === 0) return void doc.strokeOpacity(0);
    if (dash[1] === 0) dash = [];
  } else {
    if (dash[0] === 0) {
      offset -= dash[1]!;
      dash[dash.length - 1] = dash[dash.length - 1]! + dash[1]!;
      dash = dash.slice(2);
    }
    if (dash[dash.length - 1] === 0) {
      offset += dash[dash.length - 2]!;
      dash[0] = dash[0]! + dash[dash.length - 2]!;
      dash = dash.slice(0, -2);
    }
  }
  let length = 0;
  for (const x of dash) length += x;
  if (length > 0) while (offset < 0) offset += length;
  doc.dash(dash, { phase: offset });
};

const draw = (doc: Doc, item: Item, laid: Laid | undefined, fontFile: Fonts): void => {
  doc.save();
  doc.transform(...item.transform);
  if (item.kind === 'g') drawChildren(doc, item.children, fontFile);
  else if (item.kind === 'path') {
    const { fill, stroke } = item;
    if (fill || stroke) {
      if (fill) doc.fillColor(fill.color.slice() as Rgb, fill.opacity);
      if (stroke) {
        doc.strokeColor(stroke.color.slice() as Rgb, stroke.opacity);
        doc.lineWidth(item.width).miterLimit(4).lineJoin('miter').lineCap('butt');
        applyDash(doc, item.dash.slice(), 0);
      }
      if (item.ops) doc.addContent(item.ops);
      if (fill && stroke) doc.fillAndStroke('nonzero');
      else if (fill) doc.fill('nonzero');
      else doc.stroke();
    }
  } else if (laid?.glyphs && item.fill) {
    doc.fillColor(item.fill.color.slice() as Rgb, item.fill.opacity);
    const font = laid.font;
    if (!doc.page.fonts[font.id]) doc.page.fonts[font.id] = font.ref();
    const ops = ['BT', `/${font.id} ${item.size} Tf`, '0 Tr'];
    writeGlyphs(laid.glyphs, ops);
    ops.push('ET');
    doc.addContent(ops.join('\n'));
  }
  doc.restore();
};

/** Lays out every text child, then draws each child (see above). */
const drawChildren = (doc: Doc, children: Item[], fontFile: Fonts): void => {
  const laid = children.map((c) => (c.kind === 'text' ? layOut(doc, c, fontFile) : undefined));
  children.forEach((c, i) => draw(doc, c, laid[i], fontFile));
};

/** The svg root's size, view box and transformation; null if they are not plain numbers. */
const viewport = (root: Root): { width: number; height: number; transform: Matrix } | null => {
  const width = plainNumber(root.attrs.get('width'));
  const height = plainNumber(root.attrs.get('height'));
  if (width === null || height === null) return null;
  let viewBox: number[] = [0, 0, width, height];
  const given = root.attrs.get('viewBox');
  if (given !== undefined) {
    const { list, rest } = numberList(given);
    if (rest || list.length !== 4 || list[2]! < 0 || list[3]! < 0) return null;
    viewBox = list;
  }
  const transform = multiplyMatrix(IDENTITY, [1, 0, 0, 1, 0, 0], meet(width, height, viewBox[2]!, viewBox[3]!), [1, 0, 0, 1, -viewBox[0]!, -viewBox[1]!]);
  return { width, height, transform };
};

/** An SVG read whole as the charts write it (see above), or null: not the charts' kind. */
export const readChartSvg = (svg: string): { view: { width: number; height: number; transform: Matrix }; items: Item[] } | null => {
  const root = parseChartSvg(svg);
  const view = root && viewport(root);
  const items = root && readAll(root.children);
  return view && items ? { view, items } : null;
};

/** pdfmake's findFont: the first of the families the document defines, else the default. */
const findFont = (fonts: Record<string, unknown>, required: string[], fallback: string): string => {
  for (const r of required) for (const font in fonts) if (font.toLowerCase() === r.toLowerCase()) return font;
  return fallback;
};

/** Draws a chart's SVG as pdfmake's renderSVG would; false (nothing drawn) when it is not one. */
export const drawChartSvg = (pdf: PdfmakeDoc, node: SvgNode): boolean => {
  if (typeof node.svg !== 'string' || node.options !== undefined || node.link || node.linkToPage || node.linkToDestination) return false;
  const chart = readChartSvg(node.svg);
  if (!chart) return false;
  const { view, items } = chart;
  // pdfmake's fontCallback for the SVG's sans-serif text (the charts set no font-family).
  const fontFile: Fonts = (bold) => {
    const font = findFont(pdf.fonts, ['sans-serif'], node.font || 'Roboto');
    const file = pdf.getFontFile(font, bold, false);
    if (file === null) throw new Error(`Font '${font}' in style '${pdf.getFontType(bold, false)}' is not defined in the font section of the document definition.`);
    return file;
  };
  const doc: Doc = pdf;
  const savedFillColor = doc._fillColor;
  doc.save().transform(1, 0, 0, 1, node.x || 0, node.y || 0);
  // The root svg: clipped to its box (overflow hidden), then its view box.
  doc.save();
  doc.addContent(['0 0 m', `${pdfNumber(view.width)} 0 l`, `${pdfNumber(view.width)} ${pdfNumber(view.height)} l`, `0 ${pdfNumber(view.height)} l`, 'h'].join('\n'));
  doc.clip();
  doc.transform(...view.transform);
  drawChildren(doc, items, fontFile);
  doc.restore();
  doc.restore();
  doc._fillColor = savedFillColor;
  return true;
};

/** pdfmake's renderer draws the charts' SVG here (see above), any other SVG as before. */
export const drawChartSvgDirectly = once((): void => {
  const R = rendererClass<RendererClass>();
  const original = R.prototype.renderSVG;
  R.prototype.renderSVG = function renderSVG(this: Renderer, svg: SvgNode): void {
    if (!drawChartSvg(this.pdfDocument, svg)) original.call(this, svg);
  };
});
