import { describe, expect, it } from 'vitest';
import { isPostgresUrl, redactUrl, transportProblem } from '../../shared/database';

describe('a team database URL', () => {
  it('is told apart from a file name, and printed without its password', () => {
    expect(isPostgresUrl('postgres://a@b/c')).toBe(true);
    expect(isPostgresUrl('postgresql://a@b/c')).toBe(true);
    expect(isPostgresUrl('/home/ana/postgres.db')).toBe(false);
    expect(redactUrl('postgres://ana:s3cret@db.example.com/mrd')).toBe('postgres://ana:***@db.example.com/mrd');
  });

  it('may be plain only to this computer; to any other it must verify the server (verify-full)', () => {
    for (const local of ['postgres://ana@localhost/mrd', 'postgres://ana@127.0.0.1:5433/mrd', 'postgres://ana@[::1]/mrd', 'postgres://ana@/mrd?host=%2Frun%2Fpostgresql', 'postgres:///mrd']) expect(transportProblem(local), local).toBeNull();
    expect(transportProblem('postgres://ana@db.example.com/mrd?sslmode=verify-full&sslrootcert=/etc/mrd/ca.crt')).toBeNull();
    expect(transportProblem('postgres://ana:pw@db.example.com/mrd')).toBe(
      "postgres://ana:***@db.example.com/mrd: a connection to another computer (db.example.com) must be encrypted and its server verified: add ?sslmode=verify-full&sslrootcert=/path/to/ca.crt to the URL (no sslmode was given); a plain connection is allowed only to this computer (localhost or a unix socket)",
    );
    expect(transportProblem('postgres://ana@10.0.0.7/mrd?sslmode=require')).toContain("sslmode=require does not verify the server's name");
    // libpq's environment counts: a URL without a host goes to PGHOST.
    expect(transportProblem('postgres:///mrd', { PGHOST: 'db.example.com' })).toContain('(db.example.com)');
    expect(transportProblem('postgres:///mrd', { PGHOST: 'db.example.com', PGSSLMODE: 'verify-full' })).toBeNull();
    expect(transportProblem('postgres://ana@/mrd?host=db.example.com')).toContain('(db.example.com)');
  });
});
