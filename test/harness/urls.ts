/** Swapping the database part of PostgreSQL and MongoDB URLs. */

export function pgUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * `mongodb://[creds@]hosts[/db][?query]` with the database replaced. A URL with credentials and
 * no authSource authenticated against its own database (or admin); that is kept as authSource.
 */
export function mongoUrlFor(baseUrl: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(baseUrl);
  if (!match) throw new Error('MONGO_URL must look like mongodb://host[:port][/db][?options]');
  const [, scheme, authority = '', originalDb = '', query = ''] = match;
  const params = new URLSearchParams(query);
  if (authority.includes('@') && !params.has('authSource')) {
    params.set('authSource', decodeURIComponent(originalDb) || 'admin');
  }
  const qs = params.toString();
  return `${scheme}${authority}/${encodeURIComponent(database)}${qs ? `?${qs}` : ''}`;
}

/** A URL with its password replaced, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
