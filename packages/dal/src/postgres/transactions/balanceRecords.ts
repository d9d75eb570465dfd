/**
 * Balance records: updateBalance, findBalanceByUser, upsertBalanceFields, deleteBalances and the
 * upsert every creator goes through (upstream methods/transaction.ts).
 *
 * `updateBalance` is ONE atomic UPDATE statement: the new credits are computed by PostgreSQL from
 * the row's current value under the row lock (`GREATEST(0, token_credits + $delta)`), so
 * concurrent charges never lose an update and credits never go below 0 — where upstream gets the
 * same result with a compare-and-set retry loop.
 */
import type { IBalance, IBalanceUpdate, TransactionMethods } from '@librechat/data-schemas';
import { UnsupportedFilterError } from '../../errors.js';
import { Params } from '../../filters/params.js';
import type { PgContext } from '../context.js';
import { project } from '../store/projection.js';
import { type Doc, NULLS_COLUMN, rowToDoc, selectList } from '../store/rows.js';
import { toParam } from '../store/values.js';

type UserRef = string | { toString(): string };

/** Every balance read resolves a user to their oldest record (smallest `_id`), as upstream's. */
export interface BalanceRecords {
  updateBalance: TransactionMethods['updateBalance'];
  findBalanceByUser: TransactionMethods['findBalanceByUser'];
  upsertBalanceFields: TransactionMethods['upsertBalanceFields'];
  deleteBalances: TransactionMethods['deleteBalances'];
  /** Upstream's upsertBalanceRecord: `fields` set on the oldest record, or a record keyed by the user id created. */
  upsertBalanceRecord(
    user: UserRef,
    fields: IBalanceUpdate,
    insertOnly?: IBalanceUpdate,
  ): Promise<IBalance | null>;
}

const MAX_UPDATE_ATTEMPTS = 10;

function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as { code: number }).code === 11000;
}

export function createBalanceRecords(ctx: PgContext): BalanceRecords {
  const { balances } = ctx.collections;
  const { spec } = balances;

  async function upsertBalanceRecord(
    user: UserRef,
    fields: IBalanceUpdate,
    insertOnly: IBalanceUpdate = {},
  ): Promise<IBalance | null> {
    const { user: _fieldsUser, ...set } = fields;
    const setOnInsert = Object.fromEntries(
      Object.entries(insertOnly).filter(([key]) => key !== 'user' && !(key in set)),
    );
    const updatesExisting = Object.keys(set).length > 0;

    const existing = updatesExisting
      ? await balances.findOneAndUpdateLean({ user }, { $set: set }, { new: true })
      : await balances.findOne({ user });
    if (existing) return existing as unknown as IBalance;

    // Keyed by the user id, so creators racing on a missing record converge on one row.
    const create = () =>
      balances.findOneAndUpdateLean(
        { _id: user },
        { ...(updatesExisting ? { $set: set } : {}), $setOnInsert: { ...setOnInsert, user } },
        { upsert: true, new: true },
      );
    try {
      return (await create()) as unknown as IBalance;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await create()) as unknown as IBalance;
    }
  }

  /** `setValues` as mongoose casts a `$set` of it (strict: unknown fields dropped). */
  function castSetValues(setValues: IBalanceUpdate | undefined): Doc {
    if (!setValues || Object.keys(setValues).length === 0) return {};
    const query = balances.model.findOneAndUpdate({}, { $set: { ...setValues } }) as unknown as {
      _update: Doc;
      _castUpdate(update: Doc): Doc | false;
    };
    const casted = query._castUpdate(query._update) || {};
    return (casted.$set as Doc | undefined) ?? {};
  }

  /**
   * The atomic charge: one UPDATE of the user's oldest record. The target row is re-read under
   * its lock, so the SET expression sees every committed concurrent change. Null when the user
   * has no record.
   */
  async function applyIncrement(user: UserRef, incrementValue: number, set: Doc): Promise<Doc | null> {
    const params = new Params();
    const where = balances.where({ user }, params);
    const assignments: string[] = [];
    let nulls = `"${NULLS_COLUMN}"`;
    const fields: [string, unknown][] = Object.entries(set);
    if (!('tokenCredits' in set)) {
      assignments.push(
        `"token_credits" = GREATEST(0, COALESCE("token_credits", 0) + ${params.add(incrementValue, 'double precision')})`,
      );
      nulls = `array_remove(${nulls}, 'tokenCredits')`;
    }
    for (const [field, value] of fields) {
      const col = spec.byField.get(field);
      if (!col || field === '_id') throw new UnsupportedFilterError('updateBalance setValues field', field);
      const cast = col.type === 'jsonb' ? 'jsonb' : col.type === 'textArray' ? 'text[]' : undefined;
      assignments.push(`"${col.column}" = ${params.add(toParam(col.type, value), cast)}`);
      const name = params.add(field, 'text');
      nulls =
        value === null
          ? `array_append(array_remove(${nulls}, ${name}), ${name})`
          : `array_remove(${nulls}, ${name})`;
    }
    assignments.push(`"${NULLS_COLUMN}" = ${nulls}`);
    const sql =
      `UPDATE "${spec.table}" SET ${assignments.join(', ')} ` +
      `WHERE "_id" = (SELECT "_id" FROM "${spec.table}" WHERE ${where} ORDER BY "_id" LIMIT 1) ` +
      `RETURNING ${selectList(spec)}`;
    const { rows } = await ctx.pool.query(sql, params.values);
    return rows[0] ? rowToDoc(spec, rows[0]) : null;
  }

  const updateBalance: TransactionMethods['updateBalance'] = async ({ user, incrementValue, setValues }) => {
    // upstream: `$set: { tokenCredits: max(0, current + increment), ...setValues }`
    const set = castSetValues(setValues);
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const updated = await applyIncrement(user, incrementValue, set);
      if (updated) return project(spec, updated, undefined) as unknown as IBalance;
      await upsertBalanceRecord(user, {}, { tokenCredits: 0 });
    }
    throw new Error(
      `Failed to update balance for user ${user} after maximum retries due to persistent conflicts.`,
    );
  };

  /** With `includeReservedCredits`, `reservedCredits` totals the reservations not yet expired. */
  const findBalanceByUser: TransactionMethods['findBalanceByUser'] = async (user, options) => {
    if (!options?.includeReservedCredits) {
      return (await balances.findOne({ user })) as unknown as IBalance | null;
    }
    const record = await balances.findOne({ user }, { select: '+reservations' });
    if (!record) return null;
    const now = new Date();
    const { reservations, ...balance } = record as Doc & {
      reservations?: { amount: number; expiresAt: Date }[];
    };
    const reservedCredits = (reservations ?? []).reduce(
      (sum, reservation) => (reservation.expiresAt > now ? sum + reservation.amount : sum),
      0,
    );
    return { ...balance, reservedCredits } as unknown as IBalance;
  };

  const upsertBalanceFields: TransactionMethods['upsertBalanceFields'] = (user, fields, insertOnly) =>
    upsertBalanceRecord(user, fields, insertOnly);

  const deleteBalances: TransactionMethods['deleteBalances'] = async (filter) =>
    (await balances.deleteMany(filter as Doc)) as never;

  return { updateBalance, findBalanceByUser, upsertBalanceFields, deleteBalances, upsertBalanceRecord };
}
