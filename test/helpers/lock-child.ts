/**
 * A second process that opens the database the way `mrd` does and holds its write lock until its
 * stdin closes (test/integration/holders.test.ts): the other writer a busy database waits for.
 */
import { createRuntime } from '../../electron/runtime';

const runtime = await createRuntime(process.argv[2]!, { host: 'cli' });
runtime.ctx.db.lite!.exec('BEGIN IMMEDIATE');
runtime.ctx.db.lite!.exec("insert into settings (key, value, updated_at) values ('lock-child', '1', 'now')");
process.stdout.write('LOCKED\n');
process.stdin.resume();
process.stdin.on('end', () => {
  runtime.ctx.db.lite!.exec('ROLLBACK');
  runtime.close();
  process.exit(0);
});
