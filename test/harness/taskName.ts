/** A running test's full name as vitest reports it: suites and test joined with ` > `. */
interface NamedTask {
  name: string;
  suite?: NamedTask & { filepath?: string };
  filepath?: string;
}

export function fullTestName(task: NamedTask): string {
  const parts: string[] = [];
  let current: NamedTask | undefined = task;
  while (current && current.filepath === undefined) {
    parts.unshift(current.name);
    current = current.suite;
  }
  return parts.join(' > ');
}
