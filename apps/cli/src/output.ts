/**
 * Everything the CLI prints goes through here.
 *
 * Human mode: readable lines on stdout, warnings and errors on stderr.
 * `--json` mode: NDJSON on stdout, one object per line, each with an `event` field:
 *   {"event":"step","step":"start-server","status":"start"|"done"|"skipped"|"failed","ms":12,"detail":"…"}
 *   {"event":"log","level":"info"|"warn"|"debug","message":"…"}
 *   {"event":"result","command":"init",…}          the command's outcome, last line on success
 *   {"event":"error","code":"E_PORT_BUSY","message":"…","fix":"…","exitCode":3}
 *
 * Secrets registered with `secret()` are replaced by `<hidden>` in everything printed.
 */
import type { CliError } from './errors.js';

export interface OutputOptions {
  json?: boolean;
  debug?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export class Output {
  readonly json: boolean;
  readonly debugEnabled: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private readonly secrets = new Set<string>();

  constructor(options: OutputOptions = {}) {
    this.json = options.json ?? false;
    this.debugEnabled = options.debug ?? false;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** Never print this value (passwords). Short values are ignored to avoid mangling output. */
  secret(value: string | undefined): void {
    if (value && value.length >= 6) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('<hidden>');
    for (const s of this.secrets) out = out.split(encodeURIComponent(s)).join('<hidden>');
    return out;
  }

  get isTTY(): boolean {
    return Boolean((this.stdout as NodeJS.WriteStream).isTTY);
  }

  /** A machine-readable event (`--json` only). */
  event(event: string, data: Record<string, unknown> = {}): void {
    if (!this.json) return;
    this.stdout.write(`${this.redact(JSON.stringify({ event, ...data }))}\n`);
  }

  info(message: string): void {
    if (this.json) this.event('log', { level: 'info', message });
    else this.stdout.write(`${this.redact(message)}\n`);
  }

  warn(message: string): void {
    if (this.json) this.event('log', { level: 'warn', message });
    else this.stderr.write(`${this.redact(`Warning: ${message}`)}\n`);
  }

  debug(message: string): void {
    if (!this.debugEnabled) return;
    if (this.json) this.event('log', { level: 'debug', message });
    else this.stderr.write(`${this.redact(`[debug] ${message}`)}\n`);
  }

  /** The command's outcome: an NDJSON `result` event, or the human lines. */
  result(command: string, data: Record<string, unknown>, humanLines: string[]): void {
    if (this.json) this.event('result', { command, ...data });
    else for (const line of humanLines) this.stdout.write(`${this.redact(line)}\n`);
  }

  error(error: CliError): void {
    if (this.json) {
      this.event('error', {
        code: error.code,
        message: error.message,
        fix: error.fix,
        exitCode: error.exitCode,
        ...(this.debugEnabled && error.cause instanceof Error ? { stack: error.cause.stack } : {}),
      });
      return;
    }
    const lines = [`Error [${error.code}]: ${error.message}`];
    if (error.fix) lines.push(`Fix: ${error.fix}`);
    if (this.debugEnabled) {
      const stack = (error.cause instanceof Error ? error.cause : error).stack;
      if (stack) lines.push(stack);
    }
    this.stderr.write(`${this.redact(lines.join('\n'))}\n`);
  }
}
