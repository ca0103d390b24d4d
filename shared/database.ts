/**
 * Where a portfolio lives: a SQLite file, or a team database named by a postgres:// URL. Light on
 * purpose (no driver): the hosts and `mrd --help` tell the two apart before loading anything.
 */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** A URL as it may be printed: the password, if any, replaced. */
export const redactUrl = (url: string): string => url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
