import { desc, eq } from 'drizzle-orm';
import type { ReportRegisterRow } from '../../shared/reports';
import type { Db } from '../client';
import { reports } from '../schema';

export const insertReport = (db: Db, row: Omit<ReportRegisterRow, 'id'>): Promise<ReportRegisterRow> => db.insert(reports).values(row).returning().get();

export const listReports = (db: Db, limit = 500): Promise<ReportRegisterRow[]> => db.select().from(reports).orderBy(desc(reports.id)).limit(limit).all();

export const reportsBySha = (db: Db, sha256: string): Promise<ReportRegisterRow[]> => db.select().from(reports).where(eq(reports.sha256, sha256)).orderBy(reports.id).all();
