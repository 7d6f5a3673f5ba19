// Mirrors the client's own parser: the password runs from the first ':' after the user name to the first '@'.
const CREDENTIALS = /^(esdb(?:\+discover)?:\/\/[^:]+:)[^@]+@/;

export function maskConnectionString(connectionString: string): string {
  return connectionString.replace(CREDENTIALS, '$1***@');
}
