/** init's questions on a terminal (@inquirer/prompts). Only what the flags did not answer is asked. */
import { redactUrl } from '@librechat/dal';
import { CliError, EXIT } from '../errors.js';
import type { Database, MeiliChoice, Runtime } from './context.js';

export interface Answers {
  db: Database;
  runtime: Runtime;
  meili: MeiliChoice;
  postgresUrl?: string;
  mongoUri?: string;
}

export interface Question<T> {
  given?: T;
  default: T;
}

function cancelled(error: unknown): never {
  if ((error as Error).name === 'ExitPromptError') {
    throw new CliError('E_CANCELLED', 'Cancelled; nothing was changed.', { exitCode: EXIT.USAGE });
  }
  throw error;
}

export async function ask(q: {
  db: Question<Database>;
  runtime: Question<Runtime | undefined>;
  meili: Question<boolean>;
  postgresUrl?: string;
  mongoUri?: string;
}): Promise<Answers> {
  const { select, input, confirm } = await import('@inquirer/prompts');
  try {
    const db =
      q.db.given ??
      (await select<Database>({
        message: 'Which database should LibreChat use?',
        choices: [
          {
            name: 'PostgreSQL',
            value: 'postgresql',
            description: 'PostgreSQL 17 (embedded, Docker, or yours)',
          },
          {
            name: 'MongoDB',
            value: 'mongodb',
            description: "LibreChat's original database (Docker, or yours)",
          },
        ],
        default: q.db.default,
      }));
    const runtimeChoices =
      db === 'postgresql'
        ? [
            {
              name: 'Embedded PostgreSQL (no Docker; runs from ./data/postgres)',
              value: 'embedded' as const,
            },
            { name: 'Docker compose (postgres:17 container)', value: 'docker' as const },
            { name: 'An existing server (connection URL)', value: 'external' as const },
          ]
        : [
            { name: 'Docker compose (mongo:8.0 container)', value: 'docker' as const },
            { name: 'An existing server (connection URL)', value: 'external' as const },
          ];
    const runtimeDefault =
      q.runtime.default && runtimeChoices.some((c) => c.value === q.runtime.default)
        ? q.runtime.default
        : runtimeChoices[0]?.value;
    const runtime =
      q.runtime.given ??
      (await select<Runtime>({
        message: 'Where does it run?',
        choices: runtimeChoices,
        default: runtimeDefault,
      }));

    let postgresUrl = q.postgresUrl;
    let mongoUri = q.mongoUri;
    if (runtime === 'external' && db === 'postgresql' && !postgresUrl) {
      postgresUrl = await input({
        message: 'PostgreSQL URL (postgresql://user:password@host:5432/librechat):',
        validate: (v) => /^postgres(ql)?:\/\/.+/.test(v.trim()) || 'must start with postgresql://',
        transformer: (v, { isFinal }) => (isFinal ? redactUrl(v) : v),
      });
    }
    if (runtime === 'external' && db === 'mongodb' && !mongoUri) {
      mongoUri = await input({
        message: 'MongoDB URI (mongodb://user:password@host:27017/LibreChat):',
        validate: (v) =>
          /^mongodb(\+srv)?:\/\/.+/.test(v.trim()) || 'must start with mongodb:// or mongodb+srv://',
        transformer: (v, { isFinal }) => (isFinal ? v.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@') : v),
      });
    }
    const meili =
      q.meili.given ??
      (await confirm({
        message:
          runtime === 'docker'
            ? 'Enable search with MeiliSearch (a getmeili/meilisearch container)?'
            : 'Enable search with MeiliSearch (MEILI_HOST must point at a running server)?',
        default: q.meili.default,
      }));
    return {
      db,
      runtime,
      meili: meili ? 'on' : 'off',
      postgresUrl: postgresUrl?.trim(),
      mongoUri: mongoUri?.trim(),
    };
  } catch (error) {
    cancelled(error);
  }
}

export async function confirmPlan(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message, default: true });
  } catch (error) {
    cancelled(error);
  }
}
