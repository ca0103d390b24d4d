import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Writes a file whole or not at all: the bytes go to a temporary file beside the target, are
 * flushed to disk, and the temporary file is renamed over the target (atomic on one file system).
 * A full disk, a quota or a kill mid-way leaves the target as it was and no temporary file behind
 * (the error names the target and what the system said).
 */
export const writeFileAtomically = (target: string, data: Buffer): void => {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new AppError(err.code === 'ENOSPC' || err.code === 'EDQUOT' || err.code === 'EFBIG' ? 'unavailable' : 'invalid_input', `Cannot write ${target}: ${err.code === 'ENOSPC' ? 'the disk is full' : err.message}; nothing was written there`, { file: target });
  }
};
