/** libpq URLs for the local server, with the credentials percent-encoded. */
export function postgresUrl(user: string, password: string, port: number, database = 'postgres'): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
