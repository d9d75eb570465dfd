import { differential } from '../harness/index.js';
import { alice } from './support.js';

const UNKNOWN = '0123456789abcdef01234567';
/** The fence instants the scenario passes in; only these are compared exactly. */
const FIXED = ['2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', '2030-01-01T00:15:00.000Z'].map(
  (d) => new Date(d),
);

differential(
  'users › agent-trigger deletion fence: begin, in progress, recover when stale, cancel',
  async ({ methods }) => {
    const id = String(await methods.createUser({ ...alice }));
    const t0 = FIXED[0] as Date;
    return {
      active: await methods.isAgentTriggerPrincipalActive(id),
      begin: await methods.beginAgentTriggerUserDeletion(id, t0),
      again: await methods.beginAgentTriggerUserDeletion(id, new Date('2030-01-01T00:01:00.000Z')),
      inactive: await methods.isAgentTriggerPrincipalActive(id),
      tooSoon: await methods.recoverStaleAgentTriggerUserDeletion(id, new Date('2030-01-01T00:10:00.000Z')),
      recovered: await methods.recoverStaleAgentTriggerUserDeletion(id, new Date('2030-01-01T00:15:00.000Z')),
      cancelWrong: await methods.cancelAgentTriggerUserDeletion(id, t0),
      cancelRight: await methods.cancelAgentTriggerUserDeletion(id, new Date('2030-01-01T00:15:00.000Z')),
      activeAgain: await methods.isAgentTriggerPrincipalActive(id),
      missing: await methods.beginAgentTriggerUserDeletion(UNKNOWN, t0),
      missingRecover: await methods.recoverStaleAgentTriggerUserDeletion(UNKNOWN, t0),
      invalidDate: await methods
        .beginAgentTriggerUserDeletion(id, new Date('x'))
        .catch((e: Error) => [e.name, e.message]),
      stored: await methods.getUserById(id, '+agentTriggerDeletionStartedAt'),
    };
  },
  { exactDates: FIXED },
);

differential(
  'users › subagent admission fences: fence, renew, release, expiry and errors',
  async ({ methods }) => {
    const id = String(await methods.createUser({ ...alice }));
    const future = new Date(Date.now() + 3_600_000);
    const later = new Date(Date.now() + 7_200_000);
    await methods.fenceSubagentAdmission(id, 'delete-a', future);
    await methods.fenceSubagentAdmission(id, 'delete-b', future);
    const closed = await methods.isSubagentOwnerAdmissible(id);
    const renewed = await methods.renewSubagentAdmission(id, 'delete-a', later);
    const renewUnknown = await methods.renewSubagentAdmission(id, 'nope', later);
    const fences = (await methods.getUserById(id, '+subagentAdmissionFences'))?.subagentAdmissionFences;
    await methods.releaseSubagentAdmission(id, 'delete-a');
    const stillClosed = await methods.isSubagentOwnerAdmissible(id);
    await methods.releaseSubagentAdmission(id, 'delete-b');
    const open = await methods.isSubagentOwnerAdmissible(id);
    // An expired fence no longer closes admission, and is pruned by the next fence.
    await methods.fenceSubagentAdmission(id, 'expired', new Date(Date.now() - 1000));
    const openWithExpired = await methods.isSubagentOwnerAdmissible(id);
    await methods.fenceSubagentAdmission(id, 'fresh', future);
    const pruned = (await methods.getUserById(id, '+subagentAdmissionFences'))?.subagentAdmissionFences;
    return {
      closed,
      renewed,
      renewUnknown,
      fences,
      stillClosed,
      open,
      openWithExpired,
      pruned,
      badToken: await methods.fenceSubagentAdmission(id, '', future).catch((e: Error) => [e.name, e.message]),
      longToken: await methods
        .fenceSubagentAdmission(id, 'x'.repeat(129), future)
        .catch((e: Error) => [e.name, e.message]),
      badDate: await methods
        .renewSubagentAdmission(id, 'fresh', new Date(Number.NaN))
        .catch((e: Error) => [e.name, e.message]),
      unknownUserAdmissible: await methods.isSubagentOwnerAdmissible(UNKNOWN),
    };
  },
);

differential('users › at most 32 concurrent admission fences per owner', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  const until = new Date(Date.now() + 3_600_000);
  for (let i = 0; i < 32; i++) await methods.fenceSubagentAdmission(id, `t${i}`, until);
  const refused = await methods.fenceSubagentAdmission(id, 't32', until).catch((e: Error) => e.message);
  const count = ((await methods.getUserById(id, '+subagentAdmissionFences'))?.subagentAdmissionFences ?? [])
    .length;
  return { refused, count };
});
