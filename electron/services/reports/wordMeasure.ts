import { once, styleStackClass, textInlinesClass } from './pdfmakeInternals';
import type { StyleStack } from './styleLookup';

/** The parts of pdfkit's embedded font used here. */
type Font = { lineHeight: (size: number) => number };
/** A word as pdfmake's line breaker cuts it, then measured in place. */
type Word = Record<string, unknown> & { text: string; font?: Font; fontSize?: number; leadingCut?: number; trailingCut?: number };
type TextInlines = { pdfDocument: { provideFont: (font: unknown, bold: unknown, italics: unknown) => Font }; widthOfText: (text: string, word: Word) => number };
type Measure = (this: TextInlines, words: Word[], stack: StyleStack) => Word[];
type StyleStackStatics = { getStyleProperty: (item: Word, stack: StyleStack | undefined, property: string, defaultValue: unknown) => unknown };

/** The styles pdfmake writes to every word, in its order. */
type WordStyle = {
  font: Font;
  alignment: unknown;
  fontSize: number;
  fontFeatures: unknown;
  characterSpacing: unknown;
  color: unknown;
  decoration: unknown;
  decorationColor: unknown;
  decorationStyle: unknown;
  decorationThickness: unknown;
  background: unknown;
  link: unknown;
  linkToPage: unknown;
  linkToDestination: unknown;
  noWrap: unknown;
  opacity: unknown;
  sup: unknown;
  sub: unknown;
};
/** What pdfmake works out for every word. */
type Resolved = { style: WordStyle; height: number; preserveLeadingSpaces: unknown; preserveTrailingSpaces: unknown };

/** Keys a word may carry that are not styles: such a word is styled by the stack alone. */
const NOT_STYLE = new Set(['text', 'lineEnd', 'noNewLine', 'leadingCut', 'leadingIndent']);
const styledByStack = (w: Word): boolean => {
  for (const k in w) if (!NOT_STYLE.has(k)) return false;
  return true;
};

const LEADING = /^\s+/;
const TRAILING = /\s+$/;
/** Could this character be one of JavaScript's \s? (ASCII letters and digits cannot.) */
const maybeSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c > 127;

/**
 * pdfmake measures a text word by word, and for every word it asks the style stack for twenty
 * properties and the document for the font. The words of a plain string have no style of their
 * own, so within one call they all get the same answers: worked out once here, for the first such
 * word, and each such word is made again whole with them (growing it twenty properties at a time
 * copied its property store over and over). Words with styles of their own (runs of another font,
 * links) are worked out one by one, as pdfmake does. Widths are pdfmake's own (`widthOfText`). A
 * test compares this with pdfmake's measure, word by word and byte by byte.
 */
export const measureWordsOnce = once((): void => {
  const S = styleStackClass<StyleStackStatics>();
  const T = textInlinesClass<{ prototype: { measure: Measure } }>();
  T.prototype.measure = function measure(this: TextInlines, words: Word[], stack: StyleStack): Word[] {
    const get = (w: Word, property: string, fallback: unknown): unknown => S.getStyleProperty(w, stack, property, fallback);
    const resolve = (w: Word): Resolved => {
      const font = this.pdfDocument.provideFont(get(w, 'font', 'Roboto'), get(w, 'bold', false), get(w, 'italics', false));
      const alignment = get(w, 'alignment', 'left');
      let fontSize = get(w, 'fontSize', 12) as number;
      const fontFeatures = get(w, 'fontFeatures', null);
      const characterSpacing = get(w, 'characterSpacing', 0);
      const color = get(w, 'color', 'black');
      const decoration = get(w, 'decoration', null);
      const decorationColor = get(w, 'decorationColor', null);
      const decorationStyle = get(w, 'decorationStyle', null);
      const decorationThickness = get(w, 'decorationThickness', null);
      const background = get(w, 'background', null);
      const link = get(w, 'link', null);
      const linkToPage = get(w, 'linkToPage', null);
      const linkToDestination = get(w, 'linkToDestination', null);
      const noWrap = get(w, 'noWrap', null);
      const opacity = get(w, 'opacity', 1);
      const sup = get(w, 'sup', false);
      const sub = get(w, 'sub', false);
      // Superscript and subscript size, as pdfmake takes it.
      if (sup || sub) fontSize *= 0.58;
      const lineHeight = get(w, 'lineHeight', 1) as number;
      return {
        style: {
          font,
          alignment,
          fontSize,
          fontFeatures,
          characterSpacing,
          color,
          decoration,
          decorationColor,
          decorationStyle,
          decorationThickness,
          background,
          link,
          linkToPage,
          linkToDestination,
          noWrap,
          opacity,
          sup,
          sub,
        },
        height: font.lineHeight(fontSize) * lineHeight,
        preserveLeadingSpaces: get(w, 'preserveLeadingSpaces', false),
        preserveTrailingSpaces: get(w, 'preserveTrailingSpaces', false),
      };
    };
    const first = words[0];
    if (first) {
      const leadingIndent = get(first, 'leadingIndent', 0) as number;
      if (leadingIndent) {
        first.leadingCut = -leadingIndent;
        first.leadingIndent = leadingIndent;
      }
    }
    let shared: Resolved | null = null;
    for (let k = 0; k < words.length; k++) {
      const given = words[k]!;
      const plain = styledByStack(given);
      const r = plain ? (shared ??= resolve(given)) : resolve(given);
      const st = r.style;
      // A plain word is made again whole, with every property pdfmake gives it, rather than grown
      // twenty properties at a time (each growth copies the object's property store).
      const w: Word = plain
        ? {
            text: given.text,
            lineEnd: given.lineEnd,
            noNewLine: given.noNewLine,
            leadingIndent: given.leadingIndent,
            font: st.font,
            alignment: st.alignment,
            fontSize: st.fontSize,
            fontFeatures: st.fontFeatures,
            characterSpacing: st.characterSpacing,
            color: st.color,
            decoration: st.decoration,
            decorationColor: st.decorationColor,
            decorationStyle: st.decorationStyle,
            decorationThickness: st.decorationThickness,
            background: st.background,
            link: st.link,
            linkToPage: st.linkToPage,
            linkToDestination: st.linkToDestination,
            noWrap: st.noWrap,
            opacity: st.opacity,
            sup: st.sup,
            sub: st.sub,
            width: 0,
            height: r.height,
            leadingCut: given.leadingCut || 0,
            trailingCut: 0,
          }
        : Object.assign(given, st);
      if (plain) words[k] = w;
      w.width = this.widthOfText(w.text, w);
      if (!plain) {
        w.height = r.height;
        if (!w.leadingCut) w.leadingCut = 0;
      }
      const text = w.text;
      if (!r.preserveLeadingSpaces && text.length > 0 && maybeSpace(text.charCodeAt(0))) {
        const spaces = LEADING.exec(text);
        if (spaces) w.leadingCut = (w.leadingCut as number) + this.widthOfText(spaces[0], w);
      }
      w.trailingCut = 0;
      if (!r.preserveTrailingSpaces && text.length > 0 && maybeSpace(text.charCodeAt(text.length - 1))) {
        const spaces = TRAILING.exec(text);
        if (spaces) w.trailingCut = this.widthOfText(spaces[0], w);
      }
    }
    return words;
  };
});
