/** Schedules, the worker's side: lease claims, fenced releases, advance, disable, arming. */
import { differential } from '../harness/index.js';
import { DATES, FUTURE, PAST, raw, schedule, scrub, T1, T2, U1, U2 } from './support.js';

const opts = { exactDates: DATES };

differential(
  'schedules › claimDueSchedule takes the most overdue claimable schedule, once',
  async ({ methods }) => {
    await methods.createSchedule(schedule('later', U1, { nextRunAt: T2 }));
    await methods.createSchedule(schedule('first', U1, { nextRunAt: T1 }));
    await methods.createSchedule(schedule('future', U1, { nextRunAt: FUTURE }));
    await methods.createSchedule(schedule('off', U1, { nextRunAt: PAST, enabled: false }));
    await methods.createSchedule(schedule('gone', U1, { nextRunAt: PAST, deleting: true }));
    await methods.createSchedule(schedule('unarmed'));
    await methods.createSchedule(
      schedule('held', U1, { nextRunAt: PAST, leaseUntil: FUTURE, leaseBy: 'w0' }),
    );
    await methods.createSchedule(
      schedule('expired', U1, { nextRunAt: T2, leaseUntil: new Date(Date.now() - 60_000), leaseBy: 'w0' }),
    );
    await methods.createSchedule(
      schedule('skew', U1, { nextRunAt: PAST, leaseUntil: new Date(Date.now() - 5_000), leaseBy: 'w0' }),
    );
    const claims = [];
    for (let i = 0; i < 4; i++)
      claims.push(await methods.claimDueSchedule({ instanceId: `w${i + 1}`, leaseMs: 60_000 }));
    return scrub(
      claims.map(
        (c) => c && { id: c.id, leaseBy: c.leaseBy, claimToken: c.claimToken, leaseUntil: c.leaseUntil },
      ),
    );
  },
  opts,
);

differential(
  'schedules › acquireManualRunLease: owner only, one holder, the fresh row back',
  async ({ methods }) => {
    await methods.createSchedule(schedule('s1', U1, { enabled: false }));
    await methods.createSchedule(schedule('d', U1, { deleting: true }));
    const first = await methods.acquireManualRunLease('s1', U1, 60_000);
    return scrub({
      first,
      second: await methods.acquireManualRunLease('s1', U1, 60_000),
      wrongOwner: await methods.acquireManualRunLease('s1', U2, 60_000),
      deleting: await methods.acquireManualRunLease('d', U1, 60_000),
      holderMatchesToken: first?.leaseBy === `manual:${first?.claimToken}`,
    });
  },
  opts,
);

differential(
  'schedules › acquireResumeLease and consumeResumeLease fence on revision, enabled, token and holder',
  async ({ methods }) => {
    await methods.createSchedule(schedule('s1', U1, { nextRunAt: FUTURE }));
    await methods.createSchedule(schedule('off', U1, { enabled: false }));
    const wrongRevision = await methods.acquireResumeLease('s1', 3, true, 60_000);
    const disabled = await methods.acquireResumeLease('off', undefined, true, 60_000);
    const disabledAllowed = await methods.acquireResumeLease('off', 0, false, 60_000);
    const lease = await methods.acquireResumeLease('s1', 0, true, 60_000);
    const busy = await methods.acquireResumeLease('s1', 0, true, 60_000);
    const token = lease!.claimToken!;
    const holder = lease!.leaseBy!;
    return scrub({
      wrongRevision,
      disabled,
      disabledAllowed: disabledAllowed && { leaseBy: disabledAllowed.leaseBy },
      lease,
      busy,
      wrongToken: await methods.consumeResumeLease('s1', 'other', holder, true),
      wrongHolder: await methods.consumeResumeLease('s1', token, 'other', true),
      wrongRev: await methods.consumeResumeLease('s1', token, holder, true, 5),
      consumed: await methods.consumeResumeLease('s1', token, holder, true, 0),
      again: await methods.consumeResumeLease('s1', token, holder, true, 0),
      after: await methods.getScheduleById('s1'),
    });
  },
  opts,
);

differential(
  'schedules › releaseLease, releaseLeaseByHolder and revalidateClaim',
  async ({ methods }) => {
    await methods.createSchedule(schedule('s1', U1, { nextRunAt: PAST }));
    await methods.createSchedule(schedule('s2', U1, { enabled: false }));
    const claim = await methods.claimDueSchedule({ instanceId: 'w1', leaseMs: 60_000 });
    const manual = await methods.acquireManualRunLease('s2', U1, 60_000);
    const token = claim!.claimToken!;
    const results = {
      valid: await methods.revalidateClaim('s1', token),
      wrongToken: await methods.revalidateClaim('s1', 'x'),
      manualDisabled: await methods.revalidateClaim('s2', manual!.claimToken!),
      manualNoEnabledCheck: await methods.revalidateClaim('s2', manual!.claimToken!, false),
      staleRelease: await methods.releaseLease('s1', 'x'),
      released: await methods.releaseLease('s1', token),
      afterRelease: await methods.revalidateClaim('s1', token),
      unfencedRelease: await methods.releaseLease('s1'),
      missingRelease: await methods.releaseLease('nope'),
      byWrongHolder: await methods.releaseLeaseByHolder('s2', 'manual:other'),
      stillHeld: await methods.revalidateClaim('s2', manual!.claimToken!, false),
      byHolder: await methods.releaseLeaseByHolder('s2', manual!.leaseBy!),
      heldAfter: await methods.revalidateClaim('s2', manual!.claimToken!, false),
      rows: await methods.getSchedulesByUser(U1),
    };
    return scrub(results);
  },
  opts,
);

differential(
  'schedules › advanceSchedule moves to the next occurrence or unarms, fenced on occurrence and token',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { nextRunAt: PAST }));
    const claim = await methods.claimDueSchedule({ instanceId: 'w1', leaseMs: 60_000 });
    return scrub({
      wrongOccurrence: await methods.advanceSchedule('s1', T2, T1, claim!.claimToken),
      wrongToken: await methods.advanceSchedule('s1', T2, PAST, 'x'),
      advanced: await methods.advanceSchedule('s1', T2, PAST, claim!.claimToken),
      afterAdvance: await raw(dal, 'schedules', { id: 's1' }),
      unarmed: await methods.advanceSchedule('s1', null),
      afterUnarm: await raw(dal, 'schedules', { id: 's1' }),
      nullOccurrence: await methods.advanceSchedule('s1', T1, null),
      missing: await methods.advanceSchedule('nope', T1),
    });
  },
  opts,
);

differential(
  'schedules › disableSchedule fenced on token, revision and counter guard',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { nextRunAt: PAST, failureCount: 2 }));
    await methods.createSchedule(schedule('s2', U1, { nextRunAt: PAST }));
    const claim = await methods.claimDueSchedule({ instanceId: 'w1', leaseMs: 60_000 });
    await methods.disableSchedule('s1', 'agent_deleted', 'x');
    await methods.disableSchedule('s1', 'agent_deleted', undefined, 4);
    await methods.disableSchedule('s1', 'too_many_failures', undefined, undefined, {
      failureCount: { $gte: 3 },
    });
    const before = await raw(dal, 'schedules', { id: 's1' });
    await methods.disableSchedule('s1', 'too_many_failures', claim!.claimToken, 0, {
      failureCount: { $gte: 2 },
    });
    await methods.disableSchedule('s2', 'invalid_schedule');
    await methods.disableSchedule('nope', 'invalid_schedule');
    return scrub({ before, after: await raw(dal, 'schedules', {}) });
  },
  opts,
);

differential(
  'schedules › persistResolvedProject sets or unsets the project, claim-token fenced, no revision bump',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { chatProjectId: 'p0', nextRunAt: PAST }));
    const claim = await methods.claimDueSchedule({ instanceId: 'w1', leaseMs: 60_000 });
    await methods.persistResolvedProject('s1', 'p-stale', 'x');
    const stale = await raw(dal, 'schedules', { id: 's1' });
    await methods.persistResolvedProject('s1', 'p1', claim!.claimToken);
    const set = await raw(dal, 'schedules', { id: 's1' });
    await methods.persistResolvedProject('s1', undefined);
    return scrub({ stale, set, unset: await raw(dal, 'schedules', { id: 's1' }) });
  },
  opts,
);

differential(
  'schedules › armSchedule arms an enabled unarmed row once, fenced on revision',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1'));
    await methods.createSchedule(schedule('off', U1, { enabled: false }));
    await methods.createSchedule(schedule('d', U1, { deleting: true }));
    await methods.createSchedule(schedule('edited'));
    await methods.updateScheduleById('edited', U1, { name: 'e' });
    return scrub({
      armed: await methods.armSchedule('s1', T1),
      again: await methods.armSchedule('s1', T2),
      disabled: await methods.armSchedule('off', T1),
      deleting: await methods.armSchedule('d', T1),
      staleRevision: await methods.armSchedule('edited', T1, 0),
      currentRevision: await methods.armSchedule('edited', T1, 1),
      missing: await methods.armSchedule('nope', T1),
      rows: await raw(dal, 'schedules', {}),
    });
  },
  opts,
);
