/**
 * The operator CLI end to end in the emulator suite: a dead letter is listed with its error,
 * replayed from the command line, and the replayed task succeeds.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { notificationTask } from '../../src/domain/notifications';
import { testDb, uniqueId, waitForTask } from '../support/emulator';
import { testEnqueue } from '../support/tasks';

const run = promisify(execFile);
const FUNCTIONS_DIR = resolve(__dirname, '../..');

async function cli(...args: string[]) {
  const tsx = resolve(FUNCTIONS_DIR, 'node_modules/.bin/tsx');
  return run(tsx, ['tools/ops/cli.ts', ...args], { cwd: FUNCTIONS_DIR, env: process.env });
}

describe('operator CLI', () => {
  it('lists a dead letter and replays it, and the replayed task succeeds', async () => {
    const userId = uniqueId('late-user');
    const { taskId } = await testEnqueue()(
      notificationTask('bounty_live', { userId, bountyId: uniqueId('bounty') }),
    );
    await waitForTask(taskId, ['dead']);

    const listed = await cli('dead-letters', '--type', 'notification', '--limit', '500');
    await testDb()
      .collection('users')
      .doc(userId)
      .set({ role: 'creator', email: `${userId}@example.test`, displayName: 'Late' });
    const replayed = await cli('replay', taskId, '--actor', 'ops-test');

    expect(listed.stdout).toContain(taskId);
    expect(listed.stdout).toContain('user_not_found');
    const letter = (await testDb().collection('deadLetters').doc(taskId).get()).data();
    expect(letter?.replayTaskId).toBeTruthy();
    expect(replayed.stdout).toContain(String(letter?.replayTaskId));
    const replay = await waitForTask(String(letter?.replayTaskId), ['succeeded', 'dead']);
    expect(replay).toMatchObject({ status: 'succeeded', replayOf: taskId });
    const audit = await testDb()
      .collection('auditLog')
      .where('subject', '==', `deadLetters/${taskId}`)
      .get();
    expect(audit.docs.map((doc) => doc.get('actor'))).toEqual(['ops-test']);
  });
});
