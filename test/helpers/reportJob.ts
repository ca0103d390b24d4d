import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import type { JobState } from '../../shared/contract';
import type { ReportRegisterRow } from '../../shared/reports';
import { expectSoundPdf } from './pdf';
import { tempDir } from './temp';

export type ReportResult = { register: ReportRegisterRow; pdfBase64: string };

/** A report through the app's job runner (a worker), written to a temporary file. */
export const report = async (ctx: HandlerContext, request: Record<string, unknown>): Promise<{ result: ReportResult; file: string; pdf: Buffer }> => {
  const started = await dispatch(ctx, 'jobs.start', { task: { kind: 'report', request } });
  if (!started.ok) throw new Error(`report: ${started.error.message}`);
  const ended = await ctx.jobs.wait((started.value as JobState).id);
  if (ended.state !== 'done') throw new Error(`report job ${ended.state}: ${ended.error?.message}`);
  const result = ended.result as ReportResult;
  const pdf = Buffer.from(result.pdfBase64, 'base64');
  const file = join(tempDir(), 'r.pdf');
  writeFileSync(file, pdf);
  // Every report a test makes is read by an independent tool too.
  expectSoundPdf(file);
  return { result, file, pdf };
};

/** The text of a PDF as poppler's pdftotext lays it out. */
export const pdfText = (pdf: string): string => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
