import { isUtf8 } from 'node:buffer';
import { AppError } from '../../../shared/errors';

export const LIMITS = { bytes: 500 * 1024 * 1024, rows: 20_000_000, lineChars: 1_000_000, jsonDepth: 64 } as const;

/** The one import error: names the file and the line or key, and nothing is written. */
export const importError = (file: string, where: string, message: string): AppError =>
  new AppError('invalid_input', `${file}${where ? ` (${where})` : ''}: ${message}`, { file, where });

/** The offset of the first byte that is not valid UTF-8, or -1. */
export const invalidUtf8At = (b: Uint8Array): number => {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
};

const lineAt = (b: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) line += 1;
  return line;
};

/**
 * What a file's first bytes say it is, before any parser sees it: archives (a zip bomb renamed
 * to .json), compressed files, UTF-16 text, binary data. Exports are UTF-8 text; anything else is
 * refused by name, and nothing is read further.
 */
export const checkHead = (file: string, head: Uint8Array): void => {
  const starts = (...bytes: number[]): boolean => bytes.every((x, i) => head[i] === x);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) throw importError(file, 'byte 0', 'this is a ZIP archive, not an export (was it renamed?); unpack it and import the file inside');
  if (starts(0x1f, 0x8b)) throw importError(file, 'byte 0', 'this is gzip-compressed; decompress it and import the text file');
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw importError(file, 'byte 0', 'this is UTF-16 text; save or export it as UTF-8');
  const sample = head.subarray(0, 4096);
  const nul = sample.indexOf(0);
  if (nul >= 0) {
    const nuls = sample.reduce((n, x) => n + (x === 0 ? 1 : 0), 0);
    if (nuls > sample.length / 4) throw importError(file, `byte ${nul}`, 'this looks like UTF-16 text without a byte-order mark; save or export it as UTF-8');
    throw importError(file, `byte ${nul}, line ${lineAt(sample, nul)}`, 'this is a binary file, not a text export');
  }
};

/**
 * A part of a streamed file must be UTF-8: the first invalid byte is named with its line and its
 * byte in the file (`lineBase` lines and `byteBase` bytes come before the part).
 */
export const checkUtf8Part = (file: string, part: Uint8Array, lineBase: number, byteBase: number): void => {
  if (isUtf8(part)) return;
  const bad = Math.max(0, invalidUtf8At(part));
  throw importError(file, `line ${lineBase + lineAt(part, bad)}, byte ${byteBase + bad}`, 'not UTF-8 text; save or export it as UTF-8');
};

/** Text exports must be UTF-8: the first invalid byte is named with its line (Latin-1 files land here). */
export const checkUtf8 = (file: string, content: Uint8Array): void => {
  checkHead(file, content);
  const bad = invalidUtf8At(content);
  if (bad >= 0) throw importError(file, `line ${lineAt(content, bad)}, byte ${bad}`, `not UTF-8 text (byte 0x${content[bad]!.toString(16).padStart(2, '0')}); save or export it as UTF-8`);
};

/** A CSV line longer than the limit is refused by its number, before any parser sees the text. */
export const checkLineLengths = (file: string, text: string): void => {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > LIMITS.lineChars) throw importError(file, `line ${line}`, `line longer than ${LIMITS.lineChars} characters`);
    if (end < 0) break;
    start = end + 1;
  }
};
