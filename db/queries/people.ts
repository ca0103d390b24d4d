import { asc, eq, sql } from 'drizzle-orm';
import { nameKey, type Person } from '../../shared/people';
import { prepared, type Db } from '../client';
import { people } from '../schema';

const toPerson = (r: typeof people.$inferSelect): Person => ({ id: r.id, name: r.name, role: r.role, createdAt: r.createdAt, osUser: r.osUser, ...(r.login !== null ? { login: r.login, disabled: r.disabled } : {}) });

export const listPeople = async (db: Db): Promise<Person[]> => (await db.select().from(people).orderBy(asc(people.name), asc(people.id)).all()).map(toPerson);

export const getPerson = async (db: Db, id: number): Promise<Person | undefined> => {
  const r = await prepared(db, 'person.byId', () => db.select().from(people).where(eq(people.id, sql.placeholder('id'))).prepare()).get({ id });
  return r ? toPerson(r) : undefined;
};

/** The person whose name compares equal to `name` (by key), if any. */
export const personNamed = async (db: Db, name: string): Promise<Person | undefined> => {
  const r = await db.select().from(people).where(eq(people.nameKey, nameKey(name))).get();
  return r ? toPerson(r) : undefined;
};

/** A team directory's entry for a PostgreSQL login, or null. */
export const personByLogin = async (db: Db, login: string): Promise<Person | null> => {
  const r = await db.select().from(people).where(eq(people.login, login)).get();
  return r ? toPerson(r) : null;
};

export const insertPerson = async (db: Db, p: Omit<Person, 'id'>): Promise<Person> => toPerson(await db.insert(people).values({ ...p, nameKey: nameKey(p.name) }).returning().get());

export const updatePerson = async (db: Db, id: number, p: Partial<Pick<Person, 'name' | 'role'>>): Promise<Person> =>
  toPerson(await db.update(people).set({ ...p, ...(p.name !== undefined ? { nameKey: nameKey(p.name) } : {}) }).where(eq(people.id, id)).returning().get());

/**
 * Keys are computed in TypeScript (NFKC and look-alikes are beyond SQL): people a migration
 * brought in with a provisional key get theirs here. Idempotent; a handful of rows.
 */
export const settlePeopleKeys = async (db: Db): Promise<void> => {
  // A database opened at an older schema (migration tests) has no people yet.
  if (db.lite && !db.lite.prepare("select 1 from sqlite_master where type = 'table' and name = 'people'").get()) return;
  // Only the columns every schema since people has (an older file is settled before its later migrations).
  for (const r of await db.select({ id: people.id, name: people.name, nameKey: people.nameKey }).from(people).all()) {
    const key = nameKey(r.name);
    if (r.nameKey !== key && !(await db.select({ id: people.id }).from(people).where(eq(people.nameKey, key)).get())) await db.update(people).set({ nameKey: key }).where(eq(people.id, r.id)).run();
  }
};
