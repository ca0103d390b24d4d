import { deflateSync } from 'node:zlib';
import { pdfDocumentClass } from './pdfmakeInternals';

/** The parts of pdfkit's indirect object (PDFReference) used here. */
type Ref = { compress: boolean; buffer: Uint8Array[]; finalize: () => void };
type RefClass = { prototype: Ref };
type Doc = { ref: (this: Doc, data?: object) => Ref };

/**
 * zlib level for the page content streams and embedded fonts. pdfkit uses zlib's default (6);
 * level 3 takes about 5% off a report's render time for files about 12% larger (measured on the
 * 1,000-model report: content streams of text and vector operators compress nearly as well with
 * deflate's fast matching).
 */
export const DEFLATE_LEVEL = 3;

let installed = false;

/** pdfkit's streams compressed at DEFLATE_LEVEL (then written by pdfkit as before). */
export const deflateFaster = (): void => {
  if (installed) return;
  installed = true;
  // pdfkit does not export its reference class: it is taken from the first reference made.
  const Doc = pdfDocumentClass<{ prototype: Doc }>();
  const ref = Doc.prototype.ref;
  Doc.prototype.ref = function (this: Doc, data?: object): Ref {
    const made = ref.call(this, data);
    Doc.prototype.ref = ref;
    const R = made.constructor as RefClass;
    const finalize = R.prototype.finalize;
    R.prototype.finalize = function (this: Ref): void {
      if (this.compress && this.buffer.length) {
        this.buffer = [deflateSync(Buffer.concat(this.buffer), { level: DEFLATE_LEVEL })];
        this.compress = false;
      }
      finalize.call(this);
    };
    return made;
  };
};
