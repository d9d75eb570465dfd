/**
 * @librechat/dal, loaded on first use: it pulls in mongoose and @librechat/data-schemas, which
 * take most of a second to load. `init` starts loading it while PostgreSQL starts.
 */
type DalModule = typeof import('@librechat/dal');

let loading: Promise<DalModule> | undefined;

export function loadDal(): Promise<DalModule> {
  loading ??= import('@librechat/dal');
  return loading;
}
