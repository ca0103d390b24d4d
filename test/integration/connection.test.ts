/**
 * Settings › Database, through dispatch as the app calls it: Test connection against this file's
 * own PostgreSQL cluster answers each case in its own words, and only the desktop app keeps a
 * choice (a host without a connection store refuses to).
 */
import { describe, expect, it } from 'vitest';
import { clientSchemaVersion } from '../../db/pg/admin';
import { dispatch } from '../../electron/handlers';
import { connectionStore } from '../../electron/connectionStore';
import { createRuntime } from '../../electron/runtime';
import type { ConnectionState, ConnectionTest, TeamConnection } from '../../shared/connection';
import { newTeamDatabase, suiteCluster } from '../helpers/engines';
import { ok, refused } from '../helpers/result';
import { tempDir, tempRuntime, trackRuntime } from '../helpers/temp';

describe('Settings › Database', () => {
  it('Test connection says who and which schema, or exactly what is wrong', async () => {
    const cluster = await suiteCluster();
    const url = await newTeamDatabase();
    const database = /\/(mrd_[0-9_]+)\?/.exec(url)![1]!;
    const { ctx } = await tempRuntime();
    const form: TeamConnection = { host: cluster.socketDir, port: cluster.port, database, user: 'postgres', caFile: '', certFile: '', keyFile: '' };
    const test = async (over: Partial<TeamConnection> & { password?: string }): Promise<ConnectionTest> => ok<ConnectionTest>(await dispatch(ctx, 'connection.test', { ...form, ...over }));

    expect(await test({})).toMatchObject({ ok: true, login: 'postgres', schemaVersion: clientSchemaVersion(), message: expect.stringMatching(new RegExp(`^Connected as postgres to PostgreSQL 1\\d\\.\\d+.*; schema version ${clientSchemaVersion()}, as this Model Risk Desk \\(${clientSchemaVersion()}\\)$`)) as string });
    expect((await test({ database: 'no_such_db' })).message).toMatch(/the database does not exist$/);
    cluster.psql('create database empty_db');
    expect(await test({ database: 'empty_db' })).toMatchObject({ ok: false, schemaVersion: null, message: expect.stringMatching(/holds no Model Risk Desk schema yet: an administrator runs mrd --db URL team init$/) as string });
    expect((await test({ port: 1 })).message).toMatch(/the server is not reachable/);
    expect((await test({ host: 'db.example.com', caFile: '' })).ok).toBe(false);
    // A password login: refused when wrong, accepted when right (and never kept by a test).
    cluster.psql("create role tess login password 'right-one'");
    // What an administrator grants a person for now (the next issue makes these roles of the app's own).
    cluster.psql('grant usage on schema drizzle to tess; grant select on all tables in schema drizzle to tess; grant select, insert, update, delete on all tables in schema public to tess; grant usage on all sequences in schema public to tess', database);
    cluster.hbaFirst(`local all tess scram-sha-256`);
    const wrong = await test({ user: 'tess', password: 'wrong' });
    expect(wrong.message, JSON.stringify(wrong)).toMatch(/the password was refused$/);
    expect(await test({ user: 'tess', password: 'right-one' })).toMatchObject({ ok: true, login: 'tess' });
    // The same password opens the app's runtime (the browser host's --password-stdin, the desktop's kept one).
    const tessUrl = `postgres://tess@/${database}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const tess = trackRuntime(await createRuntime(tessUrl, { password: 'right-one' }));
    expect(tess.ctx.login).toBe('tess');
    await expect(createRuntime(tessUrl, { password: 'wrong' })).rejects.toThrow(/the password was refused$/);
    // Bad input is named by field, and nothing is tried.
    expect(refused(await dispatch(ctx, 'connection.test', { ...form, port: 0 }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('port: a port is from 1 to 65535') as string });
  }, 120_000);

  it('says where the app works now; only a host with a connection store keeps a choice', async () => {
    const { ctx } = await tempRuntime();
    const state = ok<ConnectionState>(await dispatch(ctx, 'connection.current', {}));
    expect(state).toMatchObject({ engine: 'sqlite', login: null, canSave: false, saved: null });
    expect(refused(await dispatch(ctx, 'connection.save', { mode: 'file' })).message).toMatch(/^Only the desktop app keeps a database choice/);

    const url = await newTeamDatabase();
    const dir = tempDir();
    const store = connectionStore(dir, { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' });
    const desk = trackRuntime(await createRuntime(url, { connectionStore: store }));
    expect(ok<ConnectionState>(await dispatch(desk.ctx, 'connection.current', {}))).toMatchObject({ engine: 'postgres', login: 'postgres', canSave: true, where: expect.stringMatching(/^postgres:\/\/postgres@\//) as string });
    const connection: TeamConnection = { host: 'db.example.com', port: 5432, database: 'mrd', user: 'rita', caFile: '/etc/mrd/ca.crt', certFile: '', keyFile: '' };
    expect(refused(await dispatch(desk.ctx, 'connection.save', { mode: 'team', connection, password: 'pw' })).message).toMatch(/no safe storage for the password/);
    expect(ok(await dispatch(desk.ctx, 'connection.save', { mode: 'team', connection }))).toMatchObject({ saved: { mode: 'team', connection }, passwordKept: false, restartNeeded: true });
  }, 120_000);
});
