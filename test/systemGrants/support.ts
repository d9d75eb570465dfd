/** Principals as LibreChat's getUserPrincipals returns them, and a compact view of grants. */
import { Types } from 'mongoose';

export const USER_ID = '64b000000000000000000001';
export const GROUP_ID = '64b000000000000000000002';
export const OTHER_USER_ID = '64b000000000000000000003';

export const principals = (role = 'ADMIN') =>
  [
    { principalType: 'user', principalId: new Types.ObjectId(USER_ID) },
    { principalType: 'role', principalId: role },
    { principalType: 'group', principalId: GROUP_ID },
    { principalType: 'public' },
  ] as never;

/** The fields a grant is about (ids and dates are compared by the harness as usual). */
export const grantView = (grant: object | null) => {
  const g = grant as Record<string, unknown> | null;
  return (
    g && {
      principalType: g.principalType,
      principalId: g.principalId,
      capability: g.capability,
      tenantId: g.tenantId,
    }
  );
};
