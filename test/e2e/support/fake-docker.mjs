#!/usr/bin/env node
/**
 * A recording stand-in for `docker` (no Docker engine runs in the tests). Every call appends
 * its argv as one JSON line to $FAKE_DOCKER_LOG. It answers what `librechat-db init` asks:
 *   compose version --short      → 2.29.0
 *   compose … up -d <services>   → exit $FAKE_DOCKER_UP_EXIT (default 0)
 *   compose … ps --format json   → one JSON line per requested service, Health from
 *                                  $FAKE_DOCKER_HEALTH ("postgresql=healthy,meilisearch=unhealthy";
 *                                  default healthy), "starting" for the first
 *                                  $FAKE_DOCKER_STARTING_POLLS polls (counted in $FAKE_DOCKER_LOG.polls)
 *   compose … logs …             → a fake log line per service
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const log = process.env.FAKE_DOCKER_LOG;
if (log) appendFileSync(log, `${JSON.stringify(args)}\n`);

if (args[0] !== 'compose') {
  process.stderr.write(`fake docker: unsupported command ${args.join(' ')}\n`);
  process.exit(1);
}
if (args[1] === 'version') {
  process.stdout.write('2.29.0\n');
  process.exit(0);
}
// Skip compose's global options to find the subcommand and its arguments.
let i = 1;
const withValue = new Set([
  '--env-file',
  '-f',
  '--file',
  '--profile',
  '-p',
  '--project-name',
  '--project-directory',
]);
while (i < args.length && args[i].startsWith('-')) i += withValue.has(args[i]) ? 2 : 1;
const sub = args[i];
const rest = args.slice(i + 1);
const services = rest.filter(
  (a, k) =>
    !a.startsWith('-') &&
    !['json', '100', '200'].includes(a) &&
    !(rest[k - 1] === '--tail' || rest[k - 1] === '--format'),
);

const health = Object.fromEntries(
  (process.env.FAKE_DOCKER_HEALTH ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=')),
);

if (sub === 'up') {
  process.stdout.write(services.map((s) => ` Container librechat-${s}-1  Started\n`).join(''));
  process.exit(Number(process.env.FAKE_DOCKER_UP_EXIT ?? 0));
}
if (sub === 'ps') {
  const pollsFile = `${log}.polls`;
  const polls = existsSync(pollsFile) ? Number(readFileSync(pollsFile, 'utf8')) : 0;
  writeFileSync(pollsFile, String(polls + 1));
  const starting = polls < Number(process.env.FAKE_DOCKER_STARTING_POLLS ?? 0);
  for (const service of services) {
    const h = starting ? 'starting' : (health[service] ?? 'healthy');
    const state = h === 'exited' ? 'exited' : 'running';
    process.stdout.write(
      `${JSON.stringify({ Name: `librechat-${service}-1`, Service: service, State: state, Health: h === 'exited' ? '' : h, ExitCode: h === 'exited' ? 1 : 0 })}\n`,
    );
  }
  process.exit(0);
}
if (sub === 'logs') {
  for (const service of services) process.stdout.write(`${service}-1  | fake log line from ${service}\n`);
  process.exit(0);
}
process.stderr.write(`fake docker: unsupported compose command ${sub}\n`);
process.exit(1);
