import { z } from 'zod';

export type BackupReason = 'manual' | 'daily' | 'before-migration' | 'before-restore';
export type BackupInfo = { file: string; name: string; reason: BackupReason; at: string; bytes: number };

/** A backup is named by its file name inside the backups folder, never by a path. */
export const backupNameSchema = z.string().regex(/^[A-Za-z0-9._-]+-\d{8}T\d{6}(\d{3})?Z-(manual|daily|before-migration|before-restore)\.db$/, 'not the name of a backup in the backups folder');

/** What a host in recovery mode tells the user: what is wrong, where the files went, what can be restored. */
export type RecoveryStatus = { file: string; problem: string; kind: string; movedTo: string; message: string; backups: (BackupInfo & { verified: boolean })[] };
