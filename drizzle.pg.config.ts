import { defineConfig } from 'drizzle-kit';

/** The team edition's schema: derived from the SQLite schema (db/schema-pg/index.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg/index.ts',
  out: './db/migrations-pg',
});
